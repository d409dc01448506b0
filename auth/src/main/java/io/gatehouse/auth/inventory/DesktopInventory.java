package io.gatehouse.auth.inventory;

import io.gatehouse.auth.api.ApiException;
import io.gatehouse.auth.api.Authorizer;
import io.gatehouse.auth.api.Caller;
import io.gatehouse.auth.api.TtlParameter;
import io.gatehouse.auth.audit.AuditEvent;
import io.gatehouse.auth.audit.AuditLog;
import io.gatehouse.auth.storage.ResourceStore;
import io.gatehouse.shared.api.DesktopHeartbeat;
import io.gatehouse.shared.audit.EventType;
import io.gatehouse.shared.resource.DesktopSpec;
import io.gatehouse.shared.resource.Kind;
import io.gatehouse.shared.resource.Metadata;
import io.gatehouse.shared.resource.Resource;
import io.gatehouse.shared.resource.Resources;
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
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

/**
 * Desktops live like nodes: the agent that serves them heartbeats them, each beat moving their
 * expiry ahead. A desktop name belongs to one agent while its entry is alive, so a second agent
 * cannot take over another's desktop (and its traffic) by announcing the same name; once the
 * first agent stops heartbeating, the name is free again.
 */
@ApplicationScoped
public class DesktopInventory {
    private static final Logger LOG = Logger.getLogger(DesktopInventory.class);
    static final int MAX_DESKTOPS = 1000;

    /** What one beat did: the desktops stored, and why the others were not. */
    public record Result(List<String> stored, Map<String, String> refused) {
    }

    private final Mutiny.SessionFactory sessions;
    private final Authorizer authorizer;
    private final ResourceStore store;
    private final AuditLog audit;
    private final Clock clock;

    public DesktopInventory(Mutiny.SessionFactory sessions, Authorizer authorizer, ResourceStore store,
            AuditLog audit, Clock clock) {
        this.sessions = sessions;
        this.authorizer = authorizer;
        this.store = store;
        this.audit = audit;
        this.clock = clock;
    }

    public Uni<Result> heartbeat(Caller caller, DesktopHeartbeat beat) {
        Duration ttl = TtlParameter.parse(beat.ttl(), "heartbeat TTL", Optional.of(NodeInventory.MAX_TTL))
                .orElse(NodeInventory.DEFAULT_TTL);
        List<DesktopHeartbeat.Desktop> desktops = beat.desktops() == null ? List.of() : beat.desktops();
        if (desktops.size() > MAX_DESKTOPS) {
            return Uni.createFrom().failure(ApiException.invalid("heartbeat refused: " + desktops.size()
                    + " desktops in one beat; at most " + MAX_DESKTOPS));
        }
        return authorizer.requireSystemRole(caller, Authorizer.NODE, "heartbeat desktops").flatMap(x -> {
            var host = ((Caller.Host) caller).identity();
            Instant expires = clock.instant().plus(ttl);
            List<Resource<DesktopSpec>> valid = new ArrayList<>();
            Map<String, String> refused = new LinkedHashMap<>();
            for (DesktopHeartbeat.Desktop d : desktops) {
                Resource<DesktopSpec> desktop = new Resource<>(Kind.DESKTOP, "v1", new Metadata(String.valueOf(
                        d.name()), d.labels() == null ? Map.of() : d.labels(), "", Optional.of(expires), 0),
                        new DesktopSpec(d.addr(), host.hostId()));
                try {
                    Resources.validate(desktop);
                    valid.add(desktop);
                } catch (RuntimeException e) {
                    refused.put(String.valueOf(d.name()), e.getMessage());
                }
            }
            return sessions.withTransaction(s -> storeAll(s, valid, host.nodeName(), refused))
                    .map(stored -> new Result(stored, refused));
        });
    }

    private Uni<List<String>> storeAll(Mutiny.Session s, List<Resource<DesktopSpec>> desktops, String agent,
            Map<String, String> refused) {
        Uni<List<String>> chain = Uni.createFrom().item(new ArrayList<>());
        for (Resource<DesktopSpec> desktop : desktops) {
            chain = chain.flatMap(stored -> storeOne(s, desktop, agent).map(problem -> {
                problem.ifPresentOrElse(p -> refused.put(desktop.name(), p), () -> stored.add(desktop.name()));
                return stored;
            }));
        }
        return chain;
    }

    private Uni<Optional<String>> storeOne(Mutiny.Session s, Resource<DesktopSpec> desktop, String agent) {
        return store.peek(s, Kind.DESKTOP, desktop.name()).flatMap(existing -> {
            if (existing.isPresent() && existing.get().spec() instanceof DesktopSpec held
                    && !held.hostId().equals(desktop.spec().hostId())
                    && existing.get().metadata().expires().map(e -> e.isAfter(clock.instant())).orElse(true)) {
                String problem = "desktop '" + desktop.name() + "' is served by another agent (" + held.hostId()
                        + ") until its entry expires; give this one another name";
                LOG.warnf("agent %s: %s", agent, problem);
                return Uni.createFrom().item(Optional.of(problem));
            }
            if (existing.isPresent()) {
                return store.update(s, desktop).replaceWith(Optional.<String>empty());
            }
            return store.insert(s, desktop).flatMap(inserted -> audit.record(s, AuditEvent.success(
                    EventType.DESKTOP_CREATE, agent, "desktop/" + desktop.name(), Map.of("host_id",
                            desktop.spec().hostId(), "addr", desktop.spec().addr()))))
                    .replaceWith(Optional.<String>empty());
        });
    }
}
