package io.gatehouse.rdp;

import io.gatehouse.rdp.RdpConnectException.Reason;
import io.gatehouse.rdp.transport.RdpTransport;
import io.gatehouse.rdp.wire.Ber;
import io.gatehouse.rdp.wire.ByteReader;
import io.gatehouse.rdp.connection.X224;
import io.gatehouse.rdp.nla.CredSsp;
import io.gatehouse.rdp.nla.LogonRefusedException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;

/**
 * Network Level Authentication (CredSSP, MS-CSSP) after TLS when the server selected HYBRID or
 * HYBRID_EX. The CredSSP exchange itself lives in io.gatehouse.rdp.nla; this binds it to the
 * connection: the server's public key from its TLS certificate, and what a refusal means.
 */
final class Nla {
    private Nla() {
    }

    /** Early User Authorization Result (MS-RDPBCGR 2.2.10.2), sent after CredSSP when HYBRID_EX was selected. */
    private static final long AUTHZ_SUCCESS = 0;

    static void authenticate(RdpSettings settings, RdpTransport transport, X509Certificate cert, int protocol)
            throws RdpConnectException {
        String where = "the desktop at " + settings.host() + ":" + settings.port();
        String domain = settings.domain() == null ? "" : settings.domain();
        try {
            CredSsp.authenticate(transport.input(), transport.output(), subjectPublicKey(cert), domain,
                    settings.username(), settings.password(), new SecureRandom());
            if (protocol == X224.PROTOCOL_HYBRID_EX) {
                byte[] result = transport.input().readNBytes(4);
                ByteReader r = new ByteReader(result, "Early User Authorization Result");
                if (r.u32le("authorizationResult") != AUTHZ_SUCCESS) {
                    throw new RdpConnectException(Reason.LOGON_FAILED, where + " denied the login '"
                            + settings.username() + "' access after authenticating it (Early User Authorization)");
                }
            }
        } catch (LogonRefusedException e) {
            throw new RdpConnectException(Reason.LOGON_FAILED, "the desktop refused the login '" + settings.username()
                    + "' during Network Level Authentication: " + e.getMessage(), e);
        } catch (SocketTimeoutException e) {
            throw new RdpConnectException(Reason.TIMEOUT, where + " did not answer within "
                    + settings.timeout().toSeconds() + " s during Network Level Authentication", e);
        } catch (RdpProtocolException e) {
            throw new RdpConnectException(Reason.NEGOTIATION, "Network Level Authentication with " + where
                    + " failed: " + e.getMessage(), e);
        } catch (IOException e) {
            if (e instanceof RdpConnectException rce) {
                throw rce;
            }
            throw new RdpConnectException(Reason.NEGOTIATION, "Network Level Authentication with " + where
                    + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * The contents of the subjectPublicKey BIT STRING of the certificate (RFC 5280
     * SubjectPublicKeyInfo), without the unused-bits byte: what CredSSP binds the TLS channel to.
     */
    static byte[] subjectPublicKey(X509Certificate cert) throws RdpProtocolException {
        ByteReader r = new ByteReader(cert.getPublicKey().getEncoded(), "SubjectPublicKeyInfo");
        ByteReader spki = r.slice(Ber.readTag(r, Ber.SEQUENCE, "SubjectPublicKeyInfo"), "SubjectPublicKeyInfo");
        spki.skip(Ber.readTag(spki, Ber.SEQUENCE, "algorithm"), "algorithm");
        int len = Ber.readTag(spki, 0x03, "subjectPublicKey");
        if (len < 1) {
            throw spki.error("subjectPublicKey is empty");
        }
        spki.u8("unused bits");
        return spki.bytes(len - 1, "subjectPublicKey");
    }
}
