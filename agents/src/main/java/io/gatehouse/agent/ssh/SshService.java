package io.gatehouse.agent.ssh;

import io.gatehouse.agent.sftp.SftpLauncher;
import io.gatehouse.shared.cert.SshCertificateSigner;
import io.gatehouse.shared.cert.UserIdentity;
import io.gatehouse.shared.ssh.SshTransport;
import java.io.IOException;
import java.security.KeyPair;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.sshd.common.config.keys.OpenSshCertificate;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.subsystem.SubsystemFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's SSH server: presents the host certificate, accepts user certificates only
 * (UserCertificateAuthenticator), and runs every shell, command and SFTP session as a process
 * of the certificate's login. Port forwarding follows the certificate and roles (PortForwardingPolicy).
 */
public final class SshService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SshService.class);
    private final SshServer server;
    /** Host key and certificate, replaced on renewal; sessions already open keep theirs. */
    private final AtomicReference<HostKeys> hostKeys;

    private record HostKeys(KeyPair key, OpenSshCertificate certificate) {
    }

    private final CertificateExpiry expiry;
    /** Starts SFTP sessions (set by {@link #start()}). */
    private volatile SftpLauncher sftp;

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
        server.addSessionListener(expiry = new CertificateExpiry(clock));
        server.setShellFactory(channel -> desktopOnly(channel) ? new RefusedCommand(DESKTOP_ONLY)
                : new ProcessCommand(logins.shell(login(channel)),
                (ch, pty, w, h) -> audit.start(ch, SessionAudit.Kind.SHELL, Optional.empty(), pty, w, h)));
        server.setCommandFactory((channel, command) -> desktopOnly(channel) ? new RefusedCommand(DESKTOP_ONLY)
                : new ProcessCommand(logins.command(login(channel), command),
                (ch, pty, w, h) -> audit.start(ch, SessionAudit.Kind.EXEC, Optional.of(command), pty, w, h)));
        server.setSubsystemFactories(List.of(new SftpSubsystem(logins, audit)));
        server.setForwardingFilter(new PortForwardingPolicy(roles, audit));
        // MINA's session channel answers pty-req with yes; ours asks the certificate and the roles.
        server.setChannelFactories(server.getChannelFactories().stream().map(f -> "session".equals(f.getName())
                ? SessionChannel.factory(roles) : f).toList());
    }

    /**
     * Serves desktop sessions too (the Desktop Service's subsystem). A desktop session (login
     * {@link UserCertificateAuthenticator#DESKTOP_LOGIN}) opens that subsystem and nothing else;
     * other sessions cannot open it.
     */
    public void serveDesktops(SubsystemFactory desktops) {
        List<SubsystemFactory> served = new java.util.ArrayList<>(server.getSubsystemFactories());
        served.add(new DesktopOnly(desktops));
        server.setSubsystemFactories(served);
    }

    private static final String DESKTOP_ONLY = "this session is for a desktop; it cannot open a shell, run commands "
            + "or transfer files";

    static boolean desktopOnly(ChannelSession channel) {
        return UserCertificateAuthenticator.DESKTOP_LOGIN.equals(login(channel));
    }

    /** The desktop subsystem, for desktop sessions only. */
    private record DesktopOnly(SubsystemFactory desktops) implements SubsystemFactory {
        @Override
        public String getName() {
            return desktops.getName();
        }

        @Override
        public Command createSubsystem(ChannelSession channel) throws IOException {
            return desktopOnly(channel) ? desktops.createSubsystem(channel)
                    : new RefusedCommand("desktops open through the proxy's desktop sessions only");
        }
    }

    /** New connections present the renewed host key and certificate. */
    public void renewHostIdentity(KeyPair key, String certificate) {
        hostKeys.set(new HostKeys(key, SshCertificateSigner.parse(certificate)));
    }

    public void start() throws IOException {
        try {
            sftp = SftpLauncher.install();
        } catch (IOException e) {
            // Shells and commands still work; SFTP sessions say why they cannot start.
            LOG.warn("SFTP and scp are unavailable on this node: cannot install the SFTP server: {}",
                    e.toString());
        }
        server.start();
    }

    /** Users' SSH connections open now (desktop sessions, which ride on SSH too, not counted). */
    public int userConnections() {
        return (int) server.getActiveSessions().stream().filter(s -> !UserCertificateAuthenticator.DESKTOP_LOGIN
                .equals(s.getUsername())).count();
    }

    public int port() {
        return server.getPort();
    }

    /**
     * The server's handler for new connections (after {@link #start()}): the tunnel hands the proxy's
     * forwarded channels to it in-process instead of dialling {@link #port()} (TunnelClient). Sessions
     * it creates are this server's own, checked and recorded exactly as those from the port.
     */
    public org.apache.sshd.common.io.IoHandler connections() {
        return server.getSessionFactory();
    }

    /**
     * Ends sessions whose access request is cancelled or gone, asking {@code states} (auth) for all
     * open sessions' requests every 10 s. Call before {@link #start()}.
     */
    public void endSessionsWhoseRequestEnds(java.util.function.Function<List<String>,
            List<io.gatehouse.shared.api.AccessRequestDto.StateView>> states) {
        expiry.checkRequestsWith(states::apply);
    }

    @Override
    public void close() throws IOException {
        expiry.close();
        server.stop(true);
    }

    static String login(ChannelSession channel) {
        return channel.getSession().getUsername();
    }

    static UserIdentity user(ChannelSession channel) {
        return channel.getSession().getAttribute(UserCertificateAuthenticator.USER);
    }

    /**
     * SFTP (and OpenSSH 9's scp, which speaks SFTP) served by Gatehouse's own SFTP process
     * (SftpMain) run as the login, so nodes need no OpenSSH server package.
     */
    private final class SftpSubsystem implements SubsystemFactory {
        private final LocalLogins logins;
        private final SessionAudit audit;

        SftpSubsystem(LocalLogins logins, SessionAudit audit) {
            this.logins = logins;
            this.audit = audit;
        }

        @Override
        public String getName() {
            return "sftp";
        }

        @Override
        public Command createSubsystem(ChannelSession channel) throws IOException {
            if (desktopOnly(channel)) {
                return new RefusedCommand(DESKTOP_ONLY);
            }
            Optional<String> refusal = logins.fileTransferRefusal(login(channel));
            if (refusal.isPresent()) {
                return new RefusedCommand(refusal.get());
            }
            SftpLauncher launcher = sftp;
            if (launcher == null) {
                return new RefusedCommand("SFTP is unavailable on this node (see the agent's log)");
            }
            LocalLogins.Launch launch = logins.program(login(channel), launcher.argv());
            Map<String, String> env = new HashMap<>(launch.env());
            // File names are bytes on the wire and UTF-8 to the JDK whatever locale the client sent.
            env.put("LC_ALL", "C.UTF-8");
            return new ProcessCommand(new LocalLogins.Launch(launch.argv(), env, launch.directory()),
                    (ch, pty, w, h) -> audit.start(ch, SessionAudit.Kind.SFTP, Optional.empty(), false, w, h));
        }
    }
}
