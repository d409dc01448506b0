package io.gatehouse.rdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.rdp.RdpSettings.Security;
import io.gatehouse.rdp.connection.X224;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The desktop's password goes only to a server whose TLS certificate the settings trust, and only
 * over the security protocol they allow. Each attacker here is a {@link StubRdpServer} on a real
 * socket that would happily take the password: the tests that connect successfully show it does
 * receive it when it is trusted, so its silence in the others is the engine's doing.
 */
class RdpClientTrustTest {
    private static final String PASSWORD = "Corr3ct-Horse-" + Long.toHexString(System.nanoTime());

    private static RdpSettings settings(int port, ServerTrust trust, Security security) {
        return new RdpSettings("127.0.0.1", port, "alice", PASSWORD, "", StubRdpServer.WIDTH, StubRdpServer.HEIGHT, 16,
                true, Duration.ofSeconds(10), trust, security);
    }

    private static ServerTrust pin(TestCertificates.Identity id) {
        return ServerTrust.fingerprint(ServerTrust.fingerprint(id.certificate()));
    }

    @Test
    void aSelfSignedImpostorGetsNoPasswordWhenTheDesktopsCertificateIsPinned() throws Exception {
        TestCertificates.Identity desktop = TestCertificates.selfSigned("office.example");
        TestCertificates.Identity impostor = TestCertificates.selfSigned("office.example");
        try (StubRdpServer server = new StubRdpServer(X224.PROTOCOL_SSL, impostor)) {
            RdpConnectException e = refused(server, settings(server.port(), pin(desktop), Security.NEGOTIATE));
            assertEquals(RdpConnectException.Reason.UNTRUSTED, e.reason(), e.getMessage());
            assertTrue(e.getMessage().contains(ServerTrust.fingerprint(impostor.certificate())), e.getMessage());
            assertTrue(e.getMessage().contains("127.0.0.1:" + server.port()) && e.getMessage().contains("not sent"),
                    e.getMessage());
        }
    }

    @Test
    void thePinnedCertificateIsTrustedAndTheSessionStarts() throws Exception {
        TestCertificates.Identity desktop = TestCertificates.selfSigned("office.example");
        try (StubRdpServer server = new StubRdpServer(X224.PROTOCOL_SSL, desktop);
                RdpClient client = RdpClient.connect(settings(server.port(), pin(desktop), Security.NEGOTIATE),
                        new RecordingListener())) {
            assertEquals(desktop.certificate(), client.serverCertificate());
            client.close();
            assertTrue(server.received(PASSWORD), "the trusted stub did not see the Client Info PDU's password");
        }
    }

    @Test
    void aCertificateFromTheConfiguredAuthorityForTheDesktopsAddressIsTrusted() throws Exception {
        TestCertificates.Identity ca = TestCertificates.authority("Corp RDP CA");
        TestCertificates.Identity desktop = TestCertificates.issued(ca, "127.0.0.1");
        ServerTrust trust = new ServerTrust.CertificateAuthority(List.of(ca.certificate()), Optional.empty());
        try (StubRdpServer server = new StubRdpServer(X224.PROTOCOL_SSL, desktop);
                RdpClient client = RdpClient.connect(settings(server.port(), trust, Security.NEGOTIATE),
                        new RecordingListener())) {
            client.close();
            assertTrue(server.received(PASSWORD));
        }
    }

    @Test
    void aSelfSignedImpostorGetsNoPasswordWhenACertificateAuthorityIsConfigured() throws Exception {
        TestCertificates.Identity ca = TestCertificates.authority("Corp RDP CA");
        TestCertificates.Identity impostor = TestCertificates.selfSigned("127.0.0.1");
        ServerTrust trust = new ServerTrust.CertificateAuthority(List.of(ca.certificate()), Optional.empty());
        try (StubRdpServer server = new StubRdpServer(X224.PROTOCOL_SSL, impostor)) {
            RdpConnectException e = refused(server, settings(server.port(), trust, Security.NEGOTIATE));
            assertEquals(RdpConnectException.Reason.UNTRUSTED, e.reason(), e.getMessage());
            assertTrue(e.getMessage().contains("not issued by the certificate authority"), e.getMessage());
        }
    }

    /** Another machine with a certificate from the same CA (any domain member) is not this desktop. */
    @Test
    void aCertificateFromTheRightAuthorityForAnotherHostGetsNoPassword() throws Exception {
        TestCertificates.Identity ca = TestCertificates.authority("Corp RDP CA");
        TestCertificates.Identity otherHost = TestCertificates.issued(ca, "build.corp.example");
        ServerTrust trust = new ServerTrust.CertificateAuthority(List.of(ca.certificate()), Optional.empty());
        try (StubRdpServer server = new StubRdpServer(X224.PROTOCOL_SSL, otherHost)) {
            RdpConnectException e = refused(server, settings(server.port(), trust, Security.NEGOTIATE));
            assertEquals(RdpConnectException.Reason.UNTRUSTED, e.reason(), e.getMessage());
            assertTrue(e.getMessage().contains("not for the name '127.0.0.1'"), e.getMessage());
        }
    }

    @Test
    void theServerNameIsWhatTheCertificateMustNameWhenTheAddressIsAnIp() throws Exception {
        TestCertificates.Identity ca = TestCertificates.authority("Corp RDP CA");
        TestCertificates.Identity desktop = TestCertificates.issued(ca, "office.corp.example");
        ServerTrust trust = new ServerTrust.CertificateAuthority(List.of(ca.certificate()),
                Optional.of("office.corp.example"));
        try (StubRdpServer server = new StubRdpServer(X224.PROTOCOL_SSL, desktop);
                RdpClient client = RdpClient.connect(settings(server.port(), trust, Security.NEGOTIATE),
                        new RecordingListener())) {
            client.close();
            assertTrue(server.received(PASSWORD));
        }
    }

    /** The settings say the desktop has NLA; whoever answers TLS-only (even with the pinned certificate) gets nothing. */
    @Test
    void aDowngradeFromNlaToTlsIsRefusedBeforeAnyCredential() throws Exception {
        TestCertificates.Identity desktop = TestCertificates.selfSigned("win.example");
        try (StubRdpServer server = new StubRdpServer(X224.PROTOCOL_SSL, desktop)) {
            RdpConnectException e = refused(server, settings(server.port(), pin(desktop), Security.NLA));
            assertEquals(RdpConnectException.Reason.NEGOTIATION, e.reason(), e.getMessage());
            assertTrue(e.getMessage().contains("Network Level Authentication is required"), e.getMessage());
        }
    }

    /** With NLA the first secret-bearing message is NTLM AUTHENTICATE (crackable offline): an impostor gets not even NEGOTIATE. */
    @Test
    void anImpostorSelectingNlaGetsNoNtlmMessage() throws Exception {
        TestCertificates.Identity desktop = TestCertificates.selfSigned("win.example");
        TestCertificates.Identity impostor = TestCertificates.selfSigned("win.example");
        try (StubRdpServer server = new StubRdpServer(X224.PROTOCOL_HYBRID, impostor)) {
            RdpConnectException e = refused(server, settings(server.port(), pin(desktop), Security.NLA));
            assertEquals(RdpConnectException.Reason.UNTRUSTED, e.reason(), e.getMessage());
            assertFalse(StubRdpServer.contains(server.received(), "NTLMSSP".getBytes(StandardCharsets.US_ASCII)));
        }
    }

    @Test
    void insecureSkipVerifyTrustsWhateverAnswers() throws Exception {
        TestCertificates.Identity anyone = TestCertificates.selfSigned("lab.example");
        try (StubRdpServer server = new StubRdpServer(X224.PROTOCOL_SSL, anyone);
                RdpClient client = RdpClient.connect(settings(server.port(), new ServerTrust.InsecureSkipVerify(),
                        Security.TLS), new RecordingListener())) {
            client.close();
            assertTrue(server.received(PASSWORD), "what insecure_skip_verify means: the password goes to anyone");
        }
    }

    /**
     * Connects and expects a refusal; first of all, whatever happened, the stub must have seen no
     * password and no finished TLS handshake (it did see the Connection Request: it was asked).
     */
    private static RdpConnectException refused(StubRdpServer server, RdpSettings settings) throws Exception {
        RdpConnectException refusal = null;
        try {
            RdpClient.connect(settings, new RecordingListener()).close();
        } catch (RdpConnectException e) {
            refusal = e;
        }
        assertFalse(server.received(PASSWORD), "the password reached the untrusted server");
        assertFalse(server.handshakeCompleted(), "the client finished TLS with an untrusted server");
        assertTrue(server.received().length > 0, "the stub saw no Connection Request at all");
        assertNotNull(refusal, "the client connected to the untrusted server");
        assertFalse(refusal.getMessage().contains(PASSWORD), refusal.getMessage());
        return refusal;
    }
}
