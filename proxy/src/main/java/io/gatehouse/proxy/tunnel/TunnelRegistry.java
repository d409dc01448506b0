package io.gatehouse.proxy.tunnel;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which nodes have a live tunnel to this proxy, and the loopback port that leads into it. An
 * agent that reconnects before the proxy noticed its old connection died replaces the old entry;
 * the old connection's late close must not remove the new one.
 */
public final class TunnelRegistry {
    /**
     * One tunnel: the host it belongs to, the loopback address into it, the SSH session carrying
     * it, and the key the agent proved to hold (its host certificate's key) when it dialled in.
     */
    public record Tunnel(String hostId, String nodeName, InetSocketAddress address, Object owner,
            java.security.PublicKey hostKey) {
    }

    private final Map<String, Tunnel> byHostId = new ConcurrentHashMap<>();

    public void register(Tunnel tunnel) {
        byHostId.put(tunnel.hostId(), tunnel);
    }

    public void unregister(String hostId, Object owner) {
        byHostId.computeIfPresent(hostId, (id, t) -> t.owner() == owner ? null : t);
    }

    public Optional<Tunnel> find(String hostId) {
        return Optional.ofNullable(byHostId.get(hostId));
    }

    /** The tunnel whose loopback port is {@code address} (how the jump host's forwards find it). */
    public Optional<Tunnel> findByAddress(java.net.SocketAddress address) {
        if (!(address instanceof InetSocketAddress a) || a.getAddress() == null || !a.getAddress().isLoopbackAddress()) {
            return Optional.empty();
        }
        return byHostId.values().stream().filter(t -> t.address().getPort() == a.getPort()).findFirst();
    }

    public int size() {
        return byHostId.size();
    }
}
