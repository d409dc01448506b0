package io.gatehouse.proxy.terminal;

import io.gatehouse.proxy.tunnel.TunnelChannels;
import io.gatehouse.proxy.tunnel.TunnelRegistry;
import io.gatehouse.shared.api.WebSessionDto;
import io.gatehouse.shared.cert.Keys;
import io.gatehouse.shared.ssh.SshTransport;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelShell;
import org.apache.sshd.client.channel.ClientChannel;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.client.session.ClientSession.ClientSessionEvent;
import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.OpenSshCertificate;
import org.apache.sshd.common.signature.BuiltinSignatures;
import org.apache.sshd.core.CoreModuleProperties;

/**
 * The proxy as an SSH client of a node, for a browser user: it logs in with the certificate of the
 * user's web session (the node checks it and the roles exactly as for `ssh`, and records and
 * audits the session the same way), through the node's tunnel. The node must present the key
 * its agent proved to hold when its tunnel was admitted (the key of its host certificate,
 * checked then against the host CA): the proxy reaches the node through a channel of its tunnel
 * (addressed as the tunnel's loopback port), a name no host certificate lists, so MINA's own
 * certificate check (principal = the name dialled) cannot apply.
 */
@Singleton
public class NodeShells {
    static final Duration STEP = Duration.ofSeconds(15);
    private static final AttributeRepository.AttributeKey<PublicKey> HOST_KEY = new AttributeRepository.AttributeKey<>();

    private volatile SshClient client;

    /** A shell with a PTY of the given size, logged in as {@code login}; the caller closes the session. */
    public ClientSession connect(TunnelRegistry.Tunnel tunnel, String login, WebSessionDto.Session session)
            throws IOException {
        InetSocketAddress node = tunnel.address();
        OpenSshCertificate cert = (OpenSshCertificate) Keys.parseOpenSshPublicKey(session.sshCertificate());
        KeyPair key = new KeyPair(cert, Keys.parsePrivateKeyPem(session.privateKey()));
        // Through a channel of exactly this tunnel, in-process (TunnelChannels), not its loopback port.
        ClientSession ssh = client().connect(login, node, AttributeRepository.ofKeyValuePair(TunnelChannels.TUNNEL,
                tunnel), null).verify(STEP).getSession();
        try {
            // Key exchange first (the connect future completes before it): only then is the host key known.
            ssh.waitFor(EnumSet.of(ClientSessionEvent.WAIT_AUTH, ClientSessionEvent.CLOSED), STEP);
            PublicKey presented = ssh.getAttribute(HOST_KEY);
            if (presented == null || tunnel.hostKey() == null || !KeyUtils.compareKeys(presented, tunnel.hostKey())) {
                throw new IOException("the node's SSH service did not present the host key its tunnel was admitted "
                        + "with (" + tunnel.hostId() + "); refusing to log in to it");
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
        shell.setStreaming(ClientChannel.Streaming.Async);
        shell.open().verify(STEP);
        return shell;
    }

    private synchronized SshClient client() {
        if (client == null) {
            SshClient c = SshClient.setUpDefaultClient();
            SshTransport.apply(c);
            c.setIoServiceFactoryFactory(TunnelChannels.io(address -> java.util.Optional.empty()));
            // Ask for the node's host certificate (MINA's default list offers plain keys first).
            c.setSignatureFactories(List.of(BuiltinSignatures.nistp256_cert, BuiltinSignatures.nistp384_cert,
                    BuiltinSignatures.nistp521_cert, BuiltinSignatures.ed25519_cert,
                    BuiltinSignatures.rsaSHA512_cert, BuiltinSignatures.rsaSHA256_cert, BuiltinSignatures.nistp256,
                    BuiltinSignatures.nistp384, BuiltinSignatures.nistp521, BuiltinSignatures.ed25519,
                    BuiltinSignatures.rsaSHA512, BuiltinSignatures.rsaSHA256));
            // The key is compared after the key exchange, with the tunnel's (see the class comment).
            CoreModuleProperties.ABORT_ON_INVALID_CERTIFICATE.set(c, false);
            c.setServerKeyVerifier((session, remote, key) -> {
                session.setAttribute(HOST_KEY, key);
                return true;
            });
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
