package io.gatehouse.proxy.nodes;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.gatehouse.proxy.authclient.AuthConnection;
import io.gatehouse.proxy.tunnel.TunnelService;
import io.gatehouse.shared.cert.UserIdentity;
import io.gatehouse.shared.rbac.AccessChecker;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * The nodes this proxy can route to: auth's inventory, with live tunnels taking precedence over
 * advertised addresses, and the view of it a given user is allowed to see.
 */
@Singleton
public class NodeInventory {
    /** A node as a user sees it in `gate ls`: only the logins their roles allow there. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record NodeView(String name, String hostId, Map<String, String> labels, boolean online, boolean tunnel,
            List<String> logins) {
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

    public List<NodeView> visibleTo(UserIdentity user, AccessChecker roles) {
        var now = clock.instant();
        return inventory.all().stream().map(e -> {
            var r = e.route();
            List<String> logins = user.logins().stream()
                    .filter(login -> roles.checkNode(r.name(), r.labels(), login).allowed()).sorted().toList();
            boolean tunnel = tunnels.registry().find(r.hostId()).isPresent();
            // A tunnel-only node is offline the moment its tunnel drops, not only when its heartbeat expires.
            boolean reachable = tunnel || r.address().isPresent();
            return new NodeView(r.name(), r.hostId(), r.labels(), e.online(now) && reachable, tunnel, logins);
        }).filter(v -> !v.logins().isEmpty()).toList();
    }
}
