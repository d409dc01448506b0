package io.gatehouse.agent.ssh;

import io.gatehouse.shared.cert.SshCertificateSigner;
import io.gatehouse.shared.cert.UserIdentity;
import io.gatehouse.shared.ssh.SshTransport;
import java.io.IOException;
import java.security.KeyPair;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.sshd.common.config.keys.OpenSshCertificate;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.subsystem.SubsystemFactory;

/**
 * The node's SSH server: presents the host certificate, accepts user certificates only
 * (UserCertificateAuthenticator), and runs every shell, command and SFTP session as a process
 * of the certificate's login. Port forwarding follows the certificate and roles (PortForwardingPolicy).
 */
public final class SshService implements AutoCloseable {
    static final String SFTP_SERVER = "/usr/lib/openssh/sftp-server";

    private final SshServer server;
    /** Host key and certificate, replaced on renewal; sessions already open keep theirs. */
    private final AtomicReference<HostKeys> hostKeys;

    private record HostKeys(KeyPair key, OpenSshCertificate certificate) {
    }

    public SshService(NodeIdentity node, RoleSource roles, LocalLogins logins, Clock clock, String host, int port,
            SessionAudit audit) {
        hostKeys = new AtomicReference<>(new HostKeys(node.hostKey(), SshCertificateSigner.parse(
                node.hostCertificate())));
        server = SshServer.setUpDefaultServer();
        SshTransport.apply(server);
        server.setHost(host);
        server.setPort(port);
        server.setKeyPairProvider(session -> List.of(hostKeys.get().key()));
        server.setHostKeyCertificateProvider(session -> List.of(hostKeys.get().certificate()));
        server.setUserAuthFactories(List.of(new UserAuthPublicKeyFactory()));
        server.setPasswordAuthenticator(null);
        server.setKeyboardInteractiveAuthenticator(null);
        server.setPublickeyAuthenticator(new UserCertificateAuthenticator(node, roles, logins, clock, audit::refused));
        server.setShellFactory(channel -> new ProcessCommand(logins.shell(login(channel)),
                (ch, pty, w, h) -> audit.start(ch, "shell", Optional.empty(), pty, w, h)));
        server.setCommandFactory((channel, command) -> new ProcessCommand(logins.command(login(channel), command),
                (ch, pty, w, h) -> audit.start(ch, "exec", Optional.of(command), pty, w, h)));
        server.setSubsystemFactories(List.of(new SftpSubsystem(logins, audit)));
        server.setForwardingFilter(new PortForwardingPolicy(roles, audit));
    }

    /** New connections present the renewed host key and certificate. */
    public void renewHostIdentity(KeyPair key, String certificate) {
        hostKeys.set(new HostKeys(key, SshCertificateSigner.parse(certificate)));
    }

    public void start() throws IOException {
        server.start();
    }

    public int port() {
        return server.getPort();
    }

    @Override
    public void close() throws IOException {
        server.stop(true);
    }

    static String login(ChannelSession channel) {
        return channel.getSession().getUsername();
    }

    static UserIdentity user(ChannelSession channel) {
        return channel.getSession().getAttribute(UserCertificateAuthenticator.USER);
    }

    /** SFTP (and OpenSSH 9's scp, which speaks SFTP) served by OpenSSH's own sftp-server as the login. */
    private record SftpSubsystem(LocalLogins logins, SessionAudit audit) implements SubsystemFactory {
        @Override
        public String getName() {
            return "sftp";
        }

        @Override
        public Command createSubsystem(ChannelSession channel) {
            return new ProcessCommand(logins.command(login(channel), SFTP_SERVER),
                    (ch, pty, w, h) -> audit.start(ch, "sftp", Optional.empty(), false, w, h));
        }
    }
}
