package io.gatehouse.agent.ssh;

import io.gatehouse.agent.config.AgentConfig;
import io.gatehouse.agent.labels.NodeLabels;
import io.gatehouse.agent.service.AgentContext;
import io.gatehouse.agent.service.AgentService;
import io.gatehouse.agent.service.Announcement;
import io.gatehouse.agent.service.SubsystemRoutes;
import io.gatehouse.shared.api.InventoryHeartbeat;
import io.gatehouse.shared.cert.IdentityFile;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.sshd.common.io.IoHandler;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.subsystem.SubsystemFactory;

/**
 * The SSH service as one of the agent's services: the node's SSH server (shells, commands, SFTP,
 * port forwarding), heartbeated as kind "node". It is also the transport the tunnel hands the
 * proxy's channels to, so it carries the other services' subsystems (the desktop's) too.
 */
public final class SshAgentService implements AgentService {
    private volatile SshService server;
    private volatile NodeLabels labels;
    private volatile String nodeName;
    private volatile String advertised;

    @Override
    public String name() {
        return "ssh";
    }

    @Override
    public void start(AgentContext context) throws IOException {
        AgentConfig config = context.config();
        RoleSource roles = context.roles()::checkerFor;
        SessionAudit audit = new SessionAudit(config.nodeName(), context.audit(), context.clock(), roles,
                context.recordings());
        NodeLabels nodeLabels = new NodeLabels(config.labels(), config.commands());
        nodeLabels.start();
        IdentityFile identity = context.identity().current();
        NodeIdentity node = new NodeIdentity(config.nodeName(), nodeLabels, identity.keyPair(),
                identity.sshCertificate(), context.userCas());
        SshService ssh = new SshService(node, roles, new LocalLogins(), context.clock(), config.sshListenHost(),
                config.sshListenPort(), audit);
        ssh.endSessionsWhoseRequestEnds(context.auth().agent()::accessRequestStates);
        for (String subsystem : context.subsystems().names()) {
            ssh.serveDesktops(new Routed(subsystem, context.subsystems()));
        }
        try {
            ssh.start();
        } catch (IOException e) {
            throw new IOException("cannot listen for SSH on " + config.sshListenHost() + ":" + config.sshListenPort()
                    + " (ssh_listen): " + e.getMessage() + "; free that port or choose another", e);
        }
        context.identity().onRenewal(renewed -> ssh.renewHostIdentity(renewed.keyPair(), renewed.sshCertificate()));
        labels = nodeLabels;
        nodeName = config.nodeName();
        advertised = config.sshAdvertise();
        server = ssh;
    }

    /** The subsystem as the supervisor routes it: open on its service, or refused with why. */
    private record Routed(String name, SubsystemRoutes routes) implements SubsystemFactory {
        @Override
        public String getName() {
            return name;
        }

        @Override
        public Command createSubsystem(ChannelSession channel) throws IOException {
            return switch (routes.open(name, channel)) {
                case SubsystemRoutes.Open open -> open.command();
                case SubsystemRoutes.Refused refused -> new RefusedCommand(refused.reason());
            };
        }
    }

    @Override
    public List<Announcement> announcements() {
        return List.of(new Announcement("node", () -> List.of(new InventoryHeartbeat.Entry(nodeName, labels.current(),
                advertised == null ? Map.of() : Map.of("addr", advertised)))));
    }

    @Override
    public List<String> subsystems() {
        return List.of(); // sftp is the SSH server's own, not routed
    }

    @Override
    public int sessions() {
        SshService s = server;
        return s == null ? 0 : s.userConnections();
    }

    /** The port it listens on and its in-process connection handler, for the tunnel (empty until up). */
    public Optional<Transport> transport() {
        SshService s = server;
        return s == null ? Optional.empty() : Optional.of(new Transport(s.port(), s.connections()));
    }

    public record Transport(int port, IoHandler connections) {
    }

    @Override
    public void stop() throws IOException {
        SshService s = server;
        if (s != null) {
            s.close();
        }
    }
}
