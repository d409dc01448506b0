package io.gatehouse.agent.diag;

import io.gatehouse.agent.service.ServiceHealth;
import java.util.List;
import java.util.Map;

/**
 * What /readyz and /metrics report, read fresh at each request.
 *
 * @param sessions open sessions per service name
 */
public record AgentStatus(List<ServiceHealth> services, Map<String, Integer> sessions, Tunnel tunnel) {

    public enum Tunnel {
        UP, DOWN, NOT_USED
    }

    public AgentStatus {
        services = List.copyOf(services);
        sessions = Map.copyOf(sessions);
    }

    /** Ready: every enabled service is up, and the tunnel too where the agent uses one. */
    public boolean ready() {
        return services.stream().allMatch(ServiceHealth::up) && tunnel != Tunnel.DOWN;
    }
}
