package io.gatehouse.proxy.nodes;

import io.gatehouse.proxy.authclient.AuthConnection;
import io.gatehouse.proxy.tunnel.TunnelService;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * The nodes this proxy can route to: auth's inventory, with live tunnels taking precedence over
 * advertised addresses.
 */
@Singleton
public class NodeInventory {
    /** A node as the listing shows it, before any access check. */
    public record NodeState(String name, String hostId, Map<String, String> labels, boolean online, boolean tunnel) {
    }

    private final InventoryDirectory inventory;
    private final TunnelService tunnels;
    private final Clock clock = Clock.systemUTC();

    public NodeInventory(AuthConnection connection, TunnelService tunnels) {
        this.inventory = new InventoryDirectory(connection.api(), clock);
        this.tunnels = tunnels;
    }

    /** Name or host id to route, through the node's tunnel when it has one here. */
    public NodeDirectory routes() {
        return name -> inventory.resolve(name).map(route -> tunnels.registry().find(route.hostId())
                .map(t -> route.withAddress(t.address())).orElse(route));
    }

    /** Every node, online or not, sorted by name. */
    public List<NodeState> all() {
        var now = clock.instant();
        return inventory.all().stream().map(e -> {
            var r = e.route();
            boolean tunnel = tunnels.registry().find(r.hostId()).isPresent();
            // A tunnel-only node is offline the moment its tunnel drops, not only when its heartbeat expires.
            boolean reachable = tunnel || r.address().isPresent();
            return new NodeState(r.name(), r.hostId(), r.labels(), e.online(now) && reachable, tunnel);
        }).toList();
    }
}
