package io.gatehouse.auth.inventory;

import io.gatehouse.auth.api.ApiException;
import io.gatehouse.auth.api.Authorizer;
import io.gatehouse.auth.api.Caller;
import io.gatehouse.auth.api.TtlParameter;
import io.gatehouse.auth.audit.AuditEvent;
import io.gatehouse.auth.audit.AuditLog;
import io.gatehouse.auth.storage.ResourceStore;
import io.gatehouse.shared.api.ApiJson;
import io.gatehouse.shared.api.InventoryHeartbeat;
import io.gatehouse.shared.cert.HostIdentity;
import io.gatehouse.shared.resource.HostedSpec;
import io.gatehouse.shared.resource.Kind;
import io.gatehouse.shared.resource.Resource;
import io.gatehouse.shared.resource.ResourceException;
import io.gatehouse.shared.resource.Resources;
import io.quarkus.arc.All;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The one inventory path for everything agents serve (Teleport's unified resources): an agent
 * heartbeats the entries of one kind; each beat moves their expiry ahead, so an agent that stops
 * shows its resources offline by itself. Whatever names the serving agent comes from its
 * certificate (HostedKind decides per kind); a live entry belongs to its host id until it expires,
 * so no agent can take over another's resource, and its traffic, by announcing the same name.
 */
@ApplicationScoped
public class HostedResources {
    static final Duration DEFAULT_TTL = Duration.ofSeconds(90);
    static final Duration MAX_TTL = Duration.ofHours(1);

    /** Why an entry was not stored; {@code conflict}: another live agent holds the name. */
    public record Refusal(String why, boolean conflict) {
    }

    /** What one beat did. */
    public record Outcome(List<Resource<?>> stored, Map<String, Refusal> refused) {
        public InventoryHeartbeat.Result result() {
            Map<String, String> why = new LinkedHashMap<>();
            refused.forEach((name, r) -> why.put(name, r.why()));
            return new InventoryHeartbeat.Result(stored.stream().map(Resource::name).toList(), why);
        }
    }

    private final Map<Kind, HostedKind> kinds;
    private final Mutiny.SessionFactory sessions;
    private final Authorizer authorizer;
    private final ResourceStore store;
    private final AuditLog audit;
    private final Clock clock;

    public HostedResources(@All List<HostedKind> kinds, Mutiny.SessionFactory sessions, Authorizer authorizer,
            ResourceStore store, AuditLog audit, Clock clock) {
        this.kinds = kinds.stream().collect(Collectors.toMap(HostedKind::kind, Function.identity()));
        this.sessions = sessions;
        this.authorizer = authorizer;
        this.store = store;
        this.audit = audit;
        this.clock = clock;
    }

    public Uni<Outcome> heartbeat(Caller caller, InventoryHeartbeat beat) {
        if (beat == null || beat.kind() == null) {
            throw ApiException.invalid("send {kind, resources: [{name, labels, spec}], ttl}");
        }
        HostedKind kind = Kind.fromId(beat.kind()).map(kinds::get).orElseThrow(() -> ApiException.invalid(
                "agents announce only " + kinds.keySet().stream().map(Kind::id).sorted().toList() + ", not '"
                        + beat.kind() + "'"));
        List<InventoryHeartbeat.Entry> entries = beat.resources() == null ? List.of() : beat.resources();
        if (entries.size() > kind.maxPerBeat()) {
            throw ApiException.invalid("heartbeat refused: " + entries.size() + " " + kind.kind().id()
                    + " entries in one beat; at most " + kind.maxPerBeat());
        }
        Duration ttl = TtlParameter.parse(beat.ttl(), "heartbeat TTL", Optional.of(MAX_TTL)).orElse(DEFAULT_TTL);
        Uni<Void> allowed = authorizer.requireSystemRole(caller, Authorizer.NODE, "heartbeat " + kind.kind().id());
        if (kind.systemRole().isPresent()) {
            String role = kind.systemRole().get();
            allowed = allowed.flatMap(x -> authorizer.requireSystemRole(caller, role, "announce " + kind.kind().id()
                    + " resources (join with a token from gatectl tokens add --type=node," + role + ")"));
        }
        return allowed.flatMap(x -> {
            HostIdentity host = ((Caller.Host) caller).identity();
            Instant expires = clock.instant().plus(ttl);
            List<Resource<? extends HostedSpec>> admitted = new ArrayList<>();
            Map<String, Refusal> refused = new LinkedHashMap<>();
            for (InventoryHeartbeat.Entry entry : entries) {
                String name = kind.name(host, entry == null ? null : entry.name());
                Optional<Resource<?>> announced = parse(kind.kind(), name, entry, expires, refused);
                announced.map(r -> kind.admit(host, r)).ifPresent(a -> {
                    if (a.refusal() != null) {
                        refused.put(name, new Refusal(a.refusal(), false));
                    } else {
                        admitted.add(a.resource());
                    }
                });
            }
            return sessions.withTransaction(s -> storeAll(s, kind, host, admitted, refused))
                    .flatMap(stored -> auditRefusals(kind, host, refused).replaceWith(new Outcome(stored, refused)));
        });
    }

    /** The entry read as the kind's resource (the same validation as `gatectl create`). */
    private static Optional<Resource<?>> parse(Kind kind, String name, InventoryHeartbeat.Entry entry, Instant expires,
            Map<String, Refusal> refused) {
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("kind", kind.id());
        tree.put("version", "v1");
        tree.put("metadata", Map.of("name", name, "labels", entry == null || entry.labels() == null ? Map.of()
                : entry.labels(), "expires", expires.toString()));
        tree.put("spec", entry == null || entry.spec() == null ? Map.of() : entry.spec());
        try {
            return Optional.of(Resources.parseJson(ApiJson.newMapper().writeValueAsString(tree), kind.id() + " '"
                    + name + "'"));
        } catch (ResourceException | com.fasterxml.jackson.core.JsonProcessingException e) {
            refused.put(name.isEmpty() ? "(no name)" : name, new Refusal(e.getMessage(), false));
            return Optional.empty();
        }
    }

    private Uni<List<Resource<?>>> storeAll(Mutiny.Session s, HostedKind kind, HostIdentity host,
            List<Resource<? extends HostedSpec>> entries, Map<String, Refusal> refused) {
        Uni<List<Resource<?>>> chain = Uni.createFrom().item(new ArrayList<>());
        for (Resource<? extends HostedSpec> entry : entries) {
            chain = chain.flatMap(stored -> storeOne(s, kind, host, entry).map(result -> {
                result.refusal().ifPresentOrElse(r -> refused.put(entry.name(), r), () -> stored.add(result.stored()));
                return stored;
            }));
        }
        return chain;
    }

    private record Stored(Resource<?> stored, Optional<Refusal> refusal) {
    }

    private Uni<Stored> storeOne(Mutiny.Session s, HostedKind kind, HostIdentity host,
            Resource<? extends HostedSpec> entry) {
        return store.peek(s, kind.kind(), entry.name()).flatMap(existing -> {
            Optional<String> owner = existing.filter(r -> r.metadata().expires().map(e -> e.isAfter(clock.instant()))
                    .orElse(true)).map(r -> r.spec() instanceof HostedSpec h ? h.hostId() : "")
                    .filter(id -> !id.equals(host.hostId()));
            if (owner.isPresent()) {
                return Uni.createFrom().item(new Stored(null, Optional.of(new Refusal(kind.kind().id() + " '"
                        + entry.name() + "' is held by another host (" + owner.get() + ") that is online; host "
                        + host.hostId() + " may only update its own entry, or give this one another name", true))));
            }
            return store.update(s, entry).flatMap(result -> switch (result) {
                case ResourceStore.UpdateResult.Updated u -> Uni.createFrom().item(new Stored(u.resource(),
                        Optional.empty()));
                default -> store.insert(s, entry).flatMap(inserted -> audit.record(s, AuditEvent.success(
                                kind.created(), host.nodeName(), kind.kind().id() + "/" + entry.name(),
                                Map.of("host_id", host.hostId())))
                        .replaceWith(new Stored(inserted.<Resource<?>>map(r -> r).orElse(entry), Optional.empty())));
            });
        });
    }

    /** One failed event per beat that refused anything (a refusal repeats with every beat until fixed). */
    private Uni<Void> auditRefusals(HostedKind kind, HostIdentity host, Map<String, Refusal> refused) {
        if (refused.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        String names = String.join(",", refused.keySet());
        String reasons = refused.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue().why())
                .collect(Collectors.joining("; "));
        return audit.emit(AuditEvent.failure(kind.created(), host.nodeName(), kind.kind().id() + "/" + names,
                Map.of("host_id", host.hostId(), "reason", reasons))).onFailure().recoverWithNull().replaceWithVoid();
    }
}
