package io.gatehouse.proxy.inventory;

import io.gatehouse.shared.api.client.ApiClient;
import io.gatehouse.shared.resource.HostedSpec;
import io.gatehouse.shared.resource.Kind;
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
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One kind of auth's inventory as this proxy knows it (nodes, desktops; next databases, apps,
 * Kubernetes clusters): every resource agents announce, read through the typed API client, kept
 * as the kind's own entries and re-read when a few seconds old. Lookups of an unknown name re-read
 * at once, but at most once a second, so a typo storm cannot hammer auth. Online or not is the
 * caller's question (heartbeat expiry, tunnel presence): the cache holds what auth holds.
 *
 * @param <S> the kind's spec
 * @param <E> what the proxy keeps of one resource
 */
public final class InventoryCache<S extends HostedSpec, E> {
    public static final Duration REFRESH = Duration.ofSeconds(3);
    public static final Duration MISS_REFRESH = Duration.ofSeconds(1);

    private final Supplier<ApiClient> auth;
    private final Kind kind;
    private final Class<S> spec;
    private final Function<Resource<S>, E> entry;
    private final Clock clock;
    private volatile Snapshot<E> snapshot = new Snapshot<>(Map.of(), Map.of(), List.of(), Instant.EPOCH);

    private record Snapshot<E>(Map<String, E> byName, Map<String, E> byHostId, List<E> all, Instant readAt) {
    }

    public InventoryCache(Supplier<ApiClient> auth, Kind kind, Class<S> spec, Function<Resource<S>, E> entry,
            Clock clock) {
        this.auth = auth;
        this.kind = kind;
        this.spec = spec;
        this.entry = entry;
        this.clock = clock;
    }

    /** Every resource of the kind, sorted by name. */
    public List<E> all() {
        Snapshot<E> s = snapshot;
        if (s.readAt().plus(REFRESH).isBefore(clock.instant())) {
            s = refresh();
        }
        return s.all();
    }

    public Optional<E> byName(String name) {
        return lookup(name, false);
    }

    /** By name, or by the host id of the agent serving it (a node is reachable by either). */
    public Optional<E> byNameOrHostId(String nameOrHostId) {
        return lookup(nameOrHostId, true);
    }

    private Optional<E> lookup(String key, boolean orHostId) {
        Snapshot<E> s = snapshot;
        Instant now = clock.instant();
        boolean known = s.byName().containsKey(key) || (orHostId && s.byHostId().containsKey(key));
        if (s.readAt().plus(REFRESH).isBefore(now) || (!known && s.readAt().plus(MISS_REFRESH).isBefore(now))) {
            s = refresh();
        }
        E found = s.byName().get(key);
        return Optional.ofNullable(found != null || !orHostId ? found : s.byHostId().get(key));
    }

    private synchronized Snapshot<E> refresh() {
        Snapshot<E> current = snapshot;
        if (!current.readAt().plus(MISS_REFRESH).isBefore(clock.instant())) {
            return current; // another thread has just read it
        }
        Map<String, E> byName = new HashMap<>();
        Map<String, E> byHostId = new HashMap<>();
        List<Resource<S>> read = new ArrayList<>();
        auth.get().list(kind, spec).forEachRemaining(read::add);
        read.sort(Comparator.comparing(Resource::name));
        List<E> all = new ArrayList<>(read.size());
        for (Resource<S> r : read) {
            E e = entry.apply(r);
            all.add(e);
            byName.put(r.name(), e);
            if (!r.spec().hostId().isBlank()) {
                byHostId.putIfAbsent(r.spec().hostId(), e);
            }
        }
        Snapshot<E> s = new Snapshot<>(Map.copyOf(byName), Map.copyOf(byHostId), List.copyOf(all), clock.instant());
        snapshot = s;
        return s;
    }
}
