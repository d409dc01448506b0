package io.gatehouse.auth.inventory;

import io.gatehouse.auth.api.ApiException;
import io.gatehouse.auth.api.Authorizer;
import io.gatehouse.auth.api.Caller;
import io.gatehouse.auth.api.TtlParameter;
import io.gatehouse.auth.audit.AuditEvent;
import io.gatehouse.auth.audit.AuditLog;
import io.gatehouse.auth.storage.ResourceStore;
import io.gatehouse.shared.api.NodeHeartbeat;
import io.gatehouse.shared.audit.EventType;
import io.gatehouse.shared.resource.Kind;
import io.gatehouse.shared.resource.Metadata;
import io.gatehouse.shared.resource.NodeSpec;
import io.gatehouse.shared.resource.Resource;
import io.gatehouse.shared.resource.Resources;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Nodes keep their own resource alive: each heartbeat upserts it with an expiry a few intervals
 * ahead, so a node that stops heartbeating shows offline by itself. The node's name and host id
 * come from its host certificate, so one node cannot speak for another; a live entry belongs to
 * its host id until it expires, and an address is stored only where auth pinned it (DirectAddress).
 */
@ApplicationScoped
public class NodeInventory {
    static final Duration DEFAULT_TTL = Duration.ofSeconds(90);
    static final Duration MAX_TTL = Duration.ofHours(1);

    private final Mutiny.SessionFactory sessions;
    private final Authorizer authorizer;
    private final ResourceStore store;
    private final AuditLog audit;
    private final Clock clock;

    public NodeInventory(Mutiny.SessionFactory sessions, Authorizer authorizer, ResourceStore store, AuditLog audit,
            Clock clock) {
        this.sessions = sessions;
        this.authorizer = authorizer;
        this.store = store;
        this.audit = audit;
        this.clock = clock;
    }

    public Uni<Resource<?>> heartbeat(Caller caller, NodeHeartbeat beat) {
        Duration ttl = TtlParameter.parse(beat.ttl(), "heartbeat TTL", Optional.of(MAX_TTL)).orElse(DEFAULT_TTL);
        return authorizer.requireSystemRole(caller, Authorizer.NODE, "heartbeat as a node").flatMap(x -> {
            var host = ((Caller.Host) caller).identity();
            String addr = beat.addr() == null ? "" : beat.addr().trim();
            Optional<String> addrProblem = DirectAddress.problem(host, addr);
            if (addrProblem.isPresent()) {
                return refused(host.nodeName(), addrProblem.get(), ApiException.invalid("heartbeat refused: "
                        + addrProblem.get()));
            }
            Resource<NodeSpec> node = new Resource<>(Kind.NODE, "v1", new Metadata(host.nodeName(),
                    beat.labels() == null ? Map.of() : beat.labels(), "", Optional.of(clock.instant().plus(ttl)), 0),
                    new NodeSpec(host.nodeName(), addr, host.hostId(), Map.of()));
            try {
                Resources.validate(node);
            } catch (RuntimeException e) {
                return Uni.createFrom().failure(ApiException.invalid("heartbeat refused: " + e.getMessage()));
            }
            // A refusal leaves the transaction as a value, so its audit event is written in its own.
            return sessions.withTransaction(s -> store.peek(s, Kind.NODE, host.nodeName()).flatMap(existing -> {
                Optional<String> owner = liveOwner(existing).filter(id -> !id.equals(host.hostId()));
                if (owner.isPresent()) {
                    return Uni.createFrom().item(new Beat(null, "node '" + host.nodeName() + "' is held by another "
                            + "host (" + owner.get() + ") that is online; host " + host.hostId()
                            + " may only update its own entry"));
                }
                return store.update(s, node).flatMap(result -> switch (result) {
                    case ResourceStore.UpdateResult.Updated u -> Uni.createFrom().item(new Beat(u.resource(), null));
                    default -> store.insert(s, node).flatMap(inserted -> audit.record(s, AuditEvent.success(
                                    EventType.NODE_CREATE, host.nodeName(), "node/" + host.nodeName(), Map.of("host_id",
                                            host.hostId(), "addr", node.spec().addr())))
                            .replaceWith(new Beat(inserted.<Resource<?>>map(r -> r).orElse(node), null)));
                });
            })).flatMap(done -> done.refusal() == null ? Uni.createFrom().item(done.stored())
                    : refused(host.nodeName(), done.refusal(), ApiException.conflict("heartbeat refused: "
                            + done.refusal())));
        });
    }

    private record Beat(Resource<?> stored, String refusal) {
    }

    /** The host id that holds a node entry which has not expired yet. */
    private Optional<String> liveOwner(Optional<Resource<?>> existing) {
        return existing.filter(r -> r.metadata().expires().map(e -> e.isAfter(clock.instant())).orElse(true))
                .map(r -> r.spec() instanceof NodeSpec n ? n.hostId() : "");
    }

    private Uni<Resource<?>> refused(String node, String why, ApiException error) {
        return audit.emit(AuditEvent.failure(EventType.NODE_CREATE, node, "node/" + node, Map.of("reason", why)))
                .onFailure().recoverWithNull().flatMap(v -> Uni.createFrom().failure(error));
    }
}
