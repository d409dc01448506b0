package io.gatehouse.auth.api;

import io.gatehouse.auth.audit.AuditEvent;
import io.gatehouse.auth.audit.AuditLog;
import io.gatehouse.auth.roles.RoleLookup;
import io.gatehouse.shared.audit.EventType;
import io.gatehouse.shared.rbac.Decision;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The first line of every handler: may this caller do this verb on this kind? Deny by default.
 * Built-in identities: the local admin identity (host cert with system role "admin") may do
 * everything; other host identities only what their system role needs, checked by
 * {@link #requireSystemRole}. Users go through their roles' rules. Every refusal is audited.
 */
@ApplicationScoped
public class Authorizer {
    public static final String ADMIN = "admin";
    public static final String PROXY = "proxy";
    public static final String NODE = "node";
    private static final java.util.Set<String> HOST_READABLE = java.util.Set.of("role", "cert_authority", "node", "desktop",
            "db", "app");

    private final Mutiny.SessionFactory sessions;
    private final RoleLookup roles;
    private final AuditLog audit;

    public Authorizer(Mutiny.SessionFactory sessions, RoleLookup roles, AuditLog audit) {
        this.sessions = sessions;
        this.roles = roles;
        this.audit = audit;
    }

    public Uni<Void> require(Caller caller, String kind, String verb) {
        return decide(caller, kind, verb).flatMap(d -> d.allowed() ? Uni.createFrom().voidItem()
                : denied(caller, kind + ":" + verb, d.reason()));
    }

    /** Whether the caller may, without auditing a refusal (for "everything, or only your own" reads). */
    public Uni<Boolean> allows(Caller caller, String kind, String verb) {
        return decide(caller, kind, verb).map(Decision::allowed);
    }

    public Uni<Void> requireSystemRole(Caller caller, String systemRole, String action) {
        if (caller instanceof Caller.Host h && (h.has(systemRole) || h.has(ADMIN))) {
            return Uni.createFrom().voidItem();
        }
        return denied(caller, action, "only the " + systemRole + " service may " + action);
    }

    private Uni<Decision> decide(Caller caller, String kind, String verb) {
        return switch (caller) {
            case Caller.Host h when h.has(ADMIN) -> Uni.createFrom().item(Decision.allow("built-in admin identity"));
            // Nodes and proxies check RBAC themselves (where the resource is served), so they read
            // role definitions, CAs and the node inventory — and nothing else.
            case Caller.Host h when (h.has(NODE) || h.has(PROXY)) && HOST_READABLE.contains(kind)
                    && (verb.equals("read") || verb.equals("list")) ->
                Uni.createFrom().item(Decision.allow("host identities read " + kind));
            case Caller.Host h -> Uni.createFrom().item(Decision.deny("host identity '" + h.name() + "' ("
                    + String.join(",", h.identity().systemRoles()) + ") may not " + verb + " " + kind));
            case Caller.User u -> sessions.withSession(s -> roles.checker(s, u.identity().roles(),
                    u.identity().traits())).map(checker -> checker.checkResource(kind, verb));
        };
    }

    private Uni<Void> denied(Caller caller, String action, String reason) {
        String message = "access denied: " + reason;
        return audit.emit(AuditEvent.failure(EventType.ACCESS_DENIED, caller.name(), action, Map.of("reason", reason)))
                .onFailure().recoverWithNull()
                .flatMap(x -> Uni.createFrom().failure(ApiException.accessDenied(message)));
    }
}
