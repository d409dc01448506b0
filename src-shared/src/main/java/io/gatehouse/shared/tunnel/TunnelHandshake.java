package io.gatehouse.shared.tunnel;

import java.io.IOException;
import java.security.KeyPair;
import java.time.Duration;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.common.util.net.SshdSocketAddress;
import org.apache.sshd.core.CoreModuleProperties;

/**
 * The agent's half of the tunnel handshake ({@link TunnelProtocol}) on a connected SSH session,
 * with the keepalives and step timeout it runs under. One copy for every dialler: the agent's
 * tunnel client and the simulated agents of bench/tunnel-scale.sh, whose figures only mean
 * something while they do exactly what an agent does.
 */
public final class TunnelHandshake {
    /**
     * How long each step of the handshake (connect, authenticate, certificate, forward) may take.
     * At least the proxy's login grace (60 s, TunnelServer.LOGIN_GRACE): a busy proxy finishes a
     * slow handshake rather than drop it, and an agent that gave up earlier would throw that work
     * away and queue a new handshake behind it, which is how a fleet's reconnection turns into a
     * retry storm.
     */
    public static final Duration STEP_TIMEOUT = Duration.ofSeconds(60);

    private TunnelHandshake() {
    }

    /**
     * Keepalives every 5 s (three unanswered end the tunnel, so a dead proxy behind a half-open TCP
     * connection is noticed in seconds, not when the kernel gives up), no idle timeout, and the
     * step timeout for the forward request.
     */
    public static void configure(SshClient client) {
        CoreModuleProperties.HEARTBEAT_INTERVAL.set(client, Duration.ofSeconds(5));
        CoreModuleProperties.HEARTBEAT_REPLY_WAIT.set(client, Duration.ofSeconds(5));
        CoreModuleProperties.HEARTBEAT_NO_REPLY_MAX.set(client, 3);
        CoreModuleProperties.IDLE_TIMEOUT.set(client, Duration.ofDays(365));
        CoreModuleProperties.FORWARD_REQUEST_TIMEOUT.set(client, STEP_TIMEOUT);
    }

    /**
     * Authenticates with the plain key, presents the host certificate for it, and asks the proxy
     * to forward users' connections to {@code localPort}: the tunnel is up when this returns. On
     * any failure the session is closed and the failure thrown.
     */
    public static ClientSession login(ClientSession session, KeyPair key, String hostCertificate, int localPort)
            throws IOException {
        try {
            session.addPublicKeyIdentity(key);
            session.auth().verify(STEP_TIMEOUT);
            Buffer request = session.createBuffer(SshConstants.SSH_MSG_GLOBAL_REQUEST);
            request.putString(TunnelProtocol.HOST_CERTIFICATE_REQUEST);
            request.putBoolean(true);
            request.putString(hostCertificate);
            if (session.request(TunnelProtocol.HOST_CERTIFICATE_REQUEST, request, STEP_TIMEOUT) == null) {
                throw new IOException("the proxy refused this agent's host certificate (expired, or from another "
                        + "cluster?); the proxy's log says why");
            }
            session.startRemotePortForwarding(new SshdSocketAddress(TunnelProtocol.FORWARD_HOST, 0),
                    new SshdSocketAddress("127.0.0.1", localPort));
            return session;
        } catch (IOException | RuntimeException e) {
            session.close(true);
            throw e;
        }
    }
}
