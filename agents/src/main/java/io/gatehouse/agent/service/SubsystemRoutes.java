package io.gatehouse.agent.service;

import java.io.IOException;
import java.util.List;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;

/**
 * The SSH subsystems the agent's services serve, for the SSH transport to offer: each opens on
 * the service that serves it, or is refused with why while that service is not up.
 */
public interface SubsystemRoutes {

    /** Every subsystem an enabled service serves, whether or not it is up. */
    List<String> names();

    /** Opens {@code name} on {@code channel}. */
    Route open(String name, ChannelSession channel) throws IOException;

    /** What a subsystem request gets: the service's command, or a refusal for the person. */
    sealed interface Route {
    }

    record Open(Command command) implements Route {
    }

    record Refused(String reason) implements Route {
    }
}
