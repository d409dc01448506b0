package io.gatehouse.agent.service;

import java.io.IOException;
import java.util.List;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;

/**
 * One of the services an agent runs (SSH, desktop; next database, application, Kubernetes,
 * discovery), as Teleport's {@code lib/srv} services: the {@link ServiceSupervisor} starts those
 * agent.yaml enables, heartbeats what they announce, routes the SSH subsystems they serve to them,
 * and reports their health. A service that fails to start fails alone.
 */
public interface AgentService {

    /** Short and stable: the name in /readyz, metrics and the log ("ssh", "desktop"). */
    String name();

    /**
     * Starts serving from the agent's configuration. Throwing means the service did not start; the
     * exception's message says why, for a person (which setting, what to do), and is shown in the
     * log and /readyz. It may be called once.
     */
    void start(AgentContext context) throws Exception;

    /** What the agent heartbeats for this service while it runs (read after a successful start). */
    List<Announcement> announcements();

    /**
     * The SSH subsystems this service serves over the node's SSH transport (so through the tunnel),
     * e.g. "gatehouse-desktop". Known from the configuration before start: the transport refuses
     * them with this service's failure while it is not up.
     */
    default List<String> subsystems() {
        return List.of();
    }

    /** Opens {@code subsystem} (one of {@link #subsystems()}) on a channel; called only while up. */
    default Command openSubsystem(String subsystem, ChannelSession channel) throws IOException {
        throw new IOException(name() + " serves no subsystem " + subsystem);
    }

    /** Sessions open now (for metrics): the supervisor counts routed subsystems itself and adds them. */
    default int sessions() {
        return 0;
    }

    /** Stops serving; sessions still open end. Called once, only after a successful start. */
    void stop() throws Exception;
}
