package io.gatehouse.shared.resource;

/**
 * A remote desktop an agent's Desktop Service can reach: {@code addr} is where the agent dials
 * (host:port, seen from the agent), {@code hostId} the agent that serves it (the proxy routes
 * through that agent's tunnel). Agents keep these alive by heartbeat, like nodes.
 */
public record DesktopSpec(String addr, String hostId) implements HostedSpec {
    public DesktopSpec {
        addr = addr == null ? "" : addr;
        hostId = hostId == null ? "" : hostId;
    }
}
