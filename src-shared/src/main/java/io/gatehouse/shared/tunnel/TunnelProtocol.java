package io.gatehouse.shared.tunnel;

import io.gatehouse.shared.cert.MalformedCertificateException;
import io.gatehouse.shared.cert.SshCertificateSigner;
import org.apache.sshd.common.config.keys.OpenSshCertificate;
import org.apache.sshd.common.util.buffer.Buffer;

/**
 * The reverse tunnel between an agent and the proxy (:3024) is plain SSH with two conventions:
 * <ol>
 * <li>The agent authenticates with the plain public key of its identity (proving possession),
 * then sends the global request {@link #HOST_CERTIFICATE_REQUEST} carrying its OpenSSH host
 * certificate for that key; the proxy checks it against the host CA. SSH user authentication
 * cannot carry a host certificate (servers reject non-user certificates there), hence the
 * separate step.</li>
 * <li>The agent then asks for remote forwarding ({@code tcpip-forward}) of
 * {@link #FORWARD_HOST}:0; the proxy binds an ephemeral loopback port and routes users' SSH
 * connections for that node to it, which arrive at the agent as forwarded-tcpip channels that
 * the agent connects to its own SSH service.</li>
 * </ol>
 */
public final class TunnelProtocol {
    public static final String HOST_CERTIFICATE_REQUEST = "host-certificate@gatehouse.io";
    public static final String FORWARD_HOST = "127.0.0.1";
    /** The SSH user name agents use; informational, the certificate names the host. */
    public static final String TUNNEL_USER = "gatehouse-tunnel";

    private TunnelProtocol() {
    }

    /**
     * The payload of {@link #HOST_CERTIFICATE_REQUEST} after the request name and want-reply flag:
     * one SSH string holding the certificate's -cert.pub line. Anything else, from an agent or from
     * whoever dialled the port, is a MalformedCertificateException.
     */
    public static OpenSshCertificate readHostCertificate(Buffer payload) {
        String line;
        try {
            line = payload.getString();
        } catch (RuntimeException e) {
            // MINA's BufferException for a length past the end, IllegalArgumentException for a bad one.
            throw new MalformedCertificateException("the " + HOST_CERTIFICATE_REQUEST + " request does not carry a "
                    + "certificate string: " + e.getMessage(), e);
        }
        return SshCertificateSigner.parse(line);
    }
}
