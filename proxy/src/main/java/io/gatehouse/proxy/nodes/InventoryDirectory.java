package io.gatehouse.proxy.nodes;

import io.gatehouse.proxy.inventory.InventoryCache;
import io.gatehouse.shared.api.client.ApiClient;
import io.gatehouse.shared.resource.Kind;
import io.gatehouse.shared.resource.NodeSpec;
import io.gatehouse.shared.resource.Resource;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Nodes as auth's inventory knows them (from heartbeats), re-read when older than a few seconds.
 * A node whose heartbeat expired is offline: listed, but not routable.
 */
public final class InventoryDirectory implements NodeDirectory {
    /** A node and until when its last heartbeat keeps it online. */
    public record Entry(NodeRoute route, Instant expires) {
        public boolean online(Instant now) {
            return expires.isAfter(now);
        }
    }

    private final InventoryCache<NodeSpec, Entry> nodes;
    private final Clock clock;

    public InventoryDirectory(ApiClient auth, Clock clock) {
        this.nodes = new InventoryCache<>(() -> auth, Kind.NODE, NodeSpec.class, InventoryDirectory::entry, clock);
        this.clock = clock;
    }

    @Override
    public Optional<NodeRoute> resolve(String nameOrHostId) {
        Instant now = clock.instant();
        return nodes.byNameOrHostId(nameOrHostId).filter(e -> e.online(now)).map(Entry::route);
    }

    /** Every node, online or not, sorted by name. */
    public List<Entry> all() {
        return nodes.all();
    }

    private static Entry entry(Resource<NodeSpec> n) {
        // Tunnel-only nodes advertise no address: the proxy reaches them through their tunnel. A
        // direct address is dialled only if it is a literal the proxy may dial (DialableAddress).
        DialableAddress.Result direct = DialableAddress.of(n.spec().addr());
        return new Entry(new NodeRoute(n.name(), n.spec().hostId(), n.metadata().labels(), direct.address(),
                direct.problem()), n.metadata().expires().orElse(Instant.MAX));
    }
}
