package io.gatehouse.agent.desktop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.rdp.RdpConnectException;
import io.gatehouse.rdp.RdpConnectException.Reason;
import org.junit.jupiter.api.Test;

/** What the browser is told when the engine refuses the desktop's certificate or security. */
class DesktopSessionTest {
    @Test
    void anUntrustedCertificateIsItsOwnErrorNamingTheDesktopAndWhoFixesIt() {
        RdpConnectException e = new RdpConnectException(Reason.UNTRUSTED, "the desktop at 10.0.0.5:3389 presented a"
                + " TLS certificate with fingerprint sha256:AA, which is not the fingerprint pinned for it");
        assertEquals("untrusted", DesktopSession.code(e));
        String message = DesktopSession.refusal("office", e);
        assertTrue(message.startsWith("desktop 'office': the desktop at 10.0.0.5:3389 presented"), message);
        assertTrue(message.contains("tls setting"), message);
    }

    @Test
    void aRefusedDowngradeNamesTheDesktop() {
        RdpConnectException e = new RdpConnectException(Reason.NEGOTIATION, "the desktop at h:3389 answered with"
                + " TLS-only security although Network Level Authentication is required for it");
        assertEquals("protocol", DesktopSession.code(e));
        assertTrue(DesktopSession.refusal("win", e).startsWith("desktop 'win': "));
    }
}
