package io.gatehouse.proxy.sshjump;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.shared.api.ApiPaths;
import io.gatehouse.shared.api.client.MtlsJsonClient;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Nodes as auth's inventory knows them (from heartbeats), re-read when older than a few seconds.
 * A node whose heartbeat expired is offline and not routable.
 */
public final class InventoryDirectory implements NodeDirectory {
    static final Duration REFRESH = Duration.ofSeconds(3);

    private final MtlsJsonClient auth;
    private final Clock clock;
    private volatile Snapshot snapshot = new Snapshot(Map.of(), Instant.EPOCH);

    private record Snapshot(Map<String, NodeRoute> byNameOrId, Instant readAt) {
    }

    public InventoryDirectory(MtlsJsonClient auth, Clock clock) {
        this.auth = auth;
        this.clock = clock;
    }

    @Override
    public Optional<NodeRoute> resolve(String nameOrHostId) {
        Snapshot s = snapshot;
        if (s.readAt().plus(REFRESH).isBefore(clock.instant()) || !s.byNameOrId().containsKey(nameOrHostId)) {
            s = refresh();
        }
        return Optional.ofNullable(s.byNameOrId().get(nameOrHostId));
    }

    private synchronized Snapshot refresh() {
        Map<String, NodeRoute> routes = new HashMap<>();
        Instant now = clock.instant();
        String token = null;
        do {
            JsonNode page = auth.get(ApiPaths.RESOURCES + "/node?limit=1000" + (token == null ? "" : "&page_token="
                    + token), JsonNode.class);
            for (JsonNode n : page.path("items")) {
                route(n, now).ifPresent(r -> {
                    routes.put(r.name(), r);
                    if (!r.hostId().isBlank()) {
                        routes.put(r.hostId(), r);
                    }
                });
            }
            token = page.path("next_page_token").isTextual() ? page.path("next_page_token").asText() : null;
        } while (token != null);
        Snapshot s = new Snapshot(Map.copyOf(routes), now);
        snapshot = s;
        return s;
    }

    private static Optional<NodeRoute> route(JsonNode n, Instant now) {
        JsonNode meta = n.path("metadata");
        if (meta.hasNonNull("expires") && Instant.parse(meta.path("expires").asText()).isBefore(now)) {
            return Optional.empty();
        }
        // Tunnel-only nodes advertise no address: the proxy reaches them through their tunnel.
        String addr = n.path("spec").path("addr").asText("");
        int colon = addr.lastIndexOf(':');
        Optional<InetSocketAddress> direct = Optional.empty();
        if (colon > 0) {
            direct = Optional.of(InetSocketAddress.createUnresolved(addr.substring(0, colon).replace("[", "")
                    .replace("]", ""), Integer.parseInt(addr.substring(colon + 1))));
        }
        Map<String, String> labels = new HashMap<>();
        meta.path("labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        return Optional.of(new NodeRoute(meta.path("name").asText(), n.path("spec").path("host_id").asText(""),
                labels, direct));
    }
}
