package io.gatehouse.proxy.nodes;

import io.gatehouse.shared.api.client.ApiClient;
import io.gatehouse.shared.resource.Kind;
import io.gatehouse.shared.resource.NodeSpec;
import io.gatehouse.shared.resource.Resource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Nodes as auth's inventory knows them (from heartbeats), re-read when older than a few seconds.
 * A node whose heartbeat expired is offline: listed, but not routable.
 */
public final class InventoryDirectory implements NodeDirectory {
    static final Duration REFRESH = Duration.ofSeconds(3);
    /** Unknown names trigger a re-read, but at most this often: a typo storm must not hammer auth. */
    static final Duration MISS_REFRESH = Duration.ofSeconds(1);

    /** A node and until when its last heartbeat keeps it online. */
    public record Entry(NodeRoute route, Instant expires) {
        public boolean online(Instant now) {
            return expires.isAfter(now);
        }
    }

    private final ApiClient auth;
    private final Clock clock;
    private volatile Snapshot snapshot = new Snapshot(Map.of(), List.of(), Instant.EPOCH);

    private record Snapshot(Map<String, Entry> byNameOrId, List<Entry> all, Instant readAt) {
    }

    public InventoryDirectory(ApiClient auth, Clock clock) {
        this.auth = auth;
        this.clock = clock;
    }

    @Override
    public Optional<NodeRoute> resolve(String nameOrHostId) {
        Snapshot s = snapshot;
        Instant now = clock.instant();
        boolean stale = s.readAt().plus(REFRESH).isBefore(now);
        boolean miss = !s.byNameOrId().containsKey(nameOrHostId) && s.readAt().plus(MISS_REFRESH).isBefore(now);
        if (stale || miss) {
            s = refresh();
        }
        return Optional.ofNullable(s.byNameOrId().get(nameOrHostId)).filter(e -> e.online(now)).map(Entry::route);
    }

    /** Every node, online or not, sorted by name. */
    public List<Entry> all() {
        Snapshot s = snapshot;
        if (s.readAt().plus(REFRESH).isBefore(clock.instant())) {
            s = refresh();
        }
        return s.all();
    }

    private synchronized Snapshot refresh() {
        Map<String, Entry> routes = new HashMap<>();
        List<Entry> all = new ArrayList<>();
        for (var nodes = auth.list(Kind.NODE, NodeSpec.class); nodes.hasNext(); ) {
            Entry e = entry(nodes.next());
            all.add(e);
            routes.put(e.route().name(), e);
            if (!e.route().hostId().isBlank()) {
                routes.put(e.route().hostId(), e);
            }
        }
        all.sort(Comparator.comparing(e -> e.route().name()));
        Snapshot s = new Snapshot(Map.copyOf(routes), List.copyOf(all), clock.instant());
        snapshot = s;
        return s;
    }

    private static Entry entry(Resource<NodeSpec> n) {
        // Tunnel-only nodes advertise no address: the proxy reaches them through their tunnel. A
        // direct address is dialled only if it is a literal the proxy may dial (DialableAddress).
        DialableAddress.Result direct = DialableAddress.of(n.spec().addr());
        return new Entry(new NodeRoute(n.name(), n.spec().hostId(), n.metadata().labels(), direct.address(),
                direct.problem()), n.metadata().expires().orElse(Instant.MAX));
    }
}
