package io.gatehouse.auth.inventory;

import io.gatehouse.auth.storage.ResourceStore;
import io.gatehouse.shared.cert.HostIdentity;
import io.gatehouse.shared.resource.AppSpec;
import io.gatehouse.shared.resource.DbSpec;
import io.gatehouse.shared.resource.DesktopSpec;
import io.gatehouse.shared.resource.Kind;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import io.gatehouse.shared.audit.SafeText;
import java.util.Optional;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * What a node's audit event may claim: only resources the node owns (itself, desktops, databases and apps it serves)
 * and only sessions it owns — a session id belongs to the first host that reports it. So a node
 * cannot write events attributed to another node, its desktops or its sessions.
 */
@ApplicationScoped
public class EventClaims {
    private final ResourceStore store;

    public EventClaims(ResourceStore store) {
        this.store = store;
    }

    /** Why {@code host} may not write an event about {@code resource} and {@code sessionId}; empty if it may. */
    public Uni<Optional<String>> problem(Mutiny.Session s, HostIdentity host, String resource, String sessionId) {
        return resourceProblem(s, host, resource).flatMap(p -> p.isPresent() || sessionId.isEmpty()
                ? Uni.createFrom().item(p) : sessionProblem(s, host, sessionId));
    }

    private Uni<Optional<String>> resourceProblem(Mutiny.Session s, HostIdentity host, String resource) {
        String self = "node/" + host.nodeName();
        if (resource.equals(self)) {
            return Uni.createFrom().item(Optional.empty());
        }
        if (resource.startsWith("desktop/")) {
            String name = resource.substring("desktop/".length());
            return store.peek(s, Kind.DESKTOP, name).map(d -> d.filter(r -> r.spec() instanceof DesktopSpec spec
                    && spec.hostId().equals(host.hostId())).isPresent() ? Optional.<String>empty()
                    : Optional.of("desktop '" + SafeText.of(name) + "' is not served by this agent (" + host.hostId() + ")"));
        }
        if (resource.startsWith("db/")) {
            String name = resource.substring("db/".length());
            return store.peek(s, Kind.DB, name).map(d -> d.filter(r -> r.spec() instanceof DbSpec spec
                    && spec.hostId().equals(host.hostId())).isPresent() ? Optional.<String>empty()
                    : Optional.of("database '" + SafeText.of(name) + "' is not served by this agent (" + host.hostId()
                            + ")"));
        }
        if (resource.startsWith("app/")) {
            String name = resource.substring("app/".length());
            return store.peek(s, Kind.APP, name).map(d -> d.filter(r -> r.spec() instanceof AppSpec spec
                    && spec.hostId().equals(host.hostId())).isPresent() ? Optional.<String>empty()
                    : Optional.of("app '" + SafeText.of(name) + "' is not served by this agent (" + host.hostId()
                            + ")"));
        }
        return Uni.createFrom().item(Optional.of("a node writes events about itself (" + self + "), its desktops, "
                + "its databases and its apps, not about '" + SafeText.of(resource) + "'"));
    }

    private Uni<Optional<String>> sessionProblem(Mutiny.Session s, HostIdentity host, String sessionId) {
        if (!sessionId.matches("[A-Za-z0-9-]{8,64}")) {
            return Uni.createFrom().item(Optional.of("session id '" + SafeText.of(sessionId) + "' is not 8-64 letters, "
                    + "digits or dashes"));
        }
        return s.createNativeQuery("INSERT INTO session_owners (session_id, host_id) VALUES (?1, ?2) "
                        + "ON CONFLICT (session_id) DO NOTHING").setParameter(1, sessionId).setParameter(2, host.hostId())
                .executeUpdate()
                .flatMap(n -> s.createNativeQuery("SELECT host_id FROM session_owners WHERE session_id = ?1",
                        String.class).setParameter(1, sessionId).getSingleResult())
                .map(owner -> owner.equals(host.hostId()) ? Optional.<String>empty()
                        : Optional.of("session " + sessionId + " belongs to another host"));
    }

}
