package io.gatehouse.proxy.terminal;

import io.gatehouse.proxy.tunnel.TunnelService;
import io.gatehouse.shared.api.WebSessionDto;
import io.gatehouse.shared.cert.IdentityCodec;
import io.gatehouse.shared.cert.Keys;
import io.gatehouse.shared.cert.SshCertificateVerifier;
import io.gatehouse.shared.ssh.SshTransport;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelShell;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.OpenSshCertificate;
import org.apache.sshd.core.CoreModuleProperties;

/**
 * The proxy as an SSH client of a node, for a browser user: it logs in with the certificate of the
 * user's web session (the node checks it and the roles exactly as for `ssh`, and records and
 * audits the session the same way), through the node's tunnel, and accepts only a host
 * certificate from the cluster's host CA naming that node.
 */
@Singleton
public class NodeShells {
    static final Duration STEP = Duration.ofSeconds(15);

    private final TunnelService tunnels;
    private final Clock clock = Clock.systemUTC();
    private volatile SshClient client;

    public NodeShells(TunnelService tunnels) {
        this.tunnels = tunnels;
    }

    /** A shell with a PTY of the given size, logged in as {@code login}; the caller closes the session. */
    public ClientSession connect(InetSocketAddress node, String hostId, String login, WebSessionDto.Session session)
            throws IOException {
        OpenSshCertificate cert = (OpenSshCertificate) Keys.parseOpenSshPublicKey(session.sshCertificate());
        KeyPair key = new KeyPair(cert, Keys.parsePrivateKeyPem(session.privateKey()));
        ClientSession ssh = client().connect(login, node.getHostString(), node.getPort()).verify(STEP).getSession();
        try {
            Optional<String> problem = hostProblem(ssh.getServerKey(), hostId);
            if (problem.isPresent()) {
                throw new IOException("the node did not prove it is " + hostId + ": " + problem.get());
            }
            ssh.addPublicKeyIdentity(key);
            ssh.auth().verify(STEP);
            return ssh;
        } catch (IOException | RuntimeException e) {
            ssh.close(true);
            throw e;
        }
    }

    public static ChannelShell openShell(ClientSession ssh, int cols, int rows) throws IOException {
        ChannelShell shell = ssh.createShellChannel();
        shell.setPtyType("xterm-256color");
        shell.setPtyColumns(cols);
        shell.setPtyLines(rows);
        shell.setRedirectErrorStream(true);
        shell.open().verify(STEP);
        return shell;
    }

    private Optional<String> hostProblem(PublicKey key, String hostId) {
        if (!(key instanceof OpenSshCertificate cert)) {
            return Optional.of("it presented a plain host key, not a certificate from this cluster's host CA");
        }
        Optional<String> problem = SshCertificateVerifier.problem(cert, OpenSshCertificate.Type.HOST,
                tunnels.hostCaKeys(), clock.instant());
        if (problem.isEmpty() && !IdentityCodec.hostFromSsh(cert).hostId().equals(hostId)) {
            return Optional.of("its certificate names " + IdentityCodec.hostFromSsh(cert).hostId());
        }
        return problem;
    }

    private synchronized SshClient client() {
        if (client == null) {
            SshClient c = SshClient.setUpDefaultClient();
            SshTransport.apply(c);
            // The certificate is checked after the key exchange (hostProblem), per node.
            c.setServerKeyVerifier((session, remote, key) -> key instanceof OpenSshCertificate);
            CoreModuleProperties.HEARTBEAT_INTERVAL.set(c, Duration.ofSeconds(15));
            CoreModuleProperties.HEARTBEAT_NO_REPLY_MAX.set(c, 4);
            CoreModuleProperties.IDLE_TIMEOUT.set(c, Duration.ofDays(1));
            c.start();
            client = c;
        }
        return client;
    }

    void stop(@Observes ShutdownEvent event) throws IOException {
        if (client != null) {
            client.stop();
        }
    }
}
