package io.gatehouse.auth.ca;

import io.gatehouse.auth.api.ApiException;
import io.gatehouse.auth.api.Caller;
import io.gatehouse.auth.audit.AuditEvent;
import io.gatehouse.auth.audit.AuditLog;
import io.gatehouse.auth.roles.RoleLookup;
import io.gatehouse.auth.storage.ResourceStore;
import io.gatehouse.shared.audit.EventType;
import io.gatehouse.shared.cert.UserIdentity;
import io.gatehouse.shared.rbac.AccessChecker;
import io.gatehouse.shared.resource.Kind;
import io.gatehouse.shared.resource.Resource;
import io.gatehouse.shared.resource.Spec;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The one path for a user certificate routed to one resource (gate db login, gate apps login; next
 * Kubernetes): the resource must exist and be online, the caller's current roles decide, the route
 * goes into the certificate, the certificate never outlives the one the caller proved itself with
 * (nor the roles' max_session_ttl), and both outcomes are audited as cert.create — the refusal
 * outside the transaction, so it is kept even though nothing else is.
 */
@ApplicationScoped
public class RoutedCertificates {
    private final Mutiny.SessionFactory sessions;
    private final ResourceStore store;
    private final RoleLookup roles;
    private final AuditLog audit;
    private final Clock clock;

    public RoutedCertificates(Mutiny.SessionFactory sessions, ResourceStore store, RoleLookup roles, AuditLog audit,
            Clock clock) {
        this.sessions = sessions;
        this.store = store;
        this.roles = roles;
        this.audit = audit;
        this.clock = clock;
    }

    /** The resource asked for: its kind and name, how people call the kind, and the command that lists them. */
    public record Target<S extends Spec>(Kind kind, Class<S> spec, String name, String what, String listCommand) {
        String resource() {
            return kind.id() + "/" + name;
        }
    }

    /** What the kind decided: certificates, or a refusal for the person; {@code fields} go into cert.create. */
    public record Attempt<R>(R certs, String refusal, Map<String, Object> fields) {
        public static <R> Attempt<R> issued(R certs, Map<String, Object> fields) {
            return new Attempt<>(certs, null, fields);
        }

        public static <R> Attempt<R> refused(String refusal, Map<String, Object> fields) {
            return new Attempt<>(null, refusal, fields);
        }
    }

    /** The kind's own decision and signing, given the online resource and the caller's current roles. */
    @FunctionalInterface
    public interface Issue<S extends Spec, R> {
        Attempt<R> apply(Resource<S> resource, AccessChecker checker);
    }

    public <S extends Spec, R> Uni<R> sign(Caller.User caller, Target<S> target, Issue<S, R> issue) {
        UserIdentity me = caller.identity();
        return sessions.withTransaction(s -> online(s, target).flatMap(resource -> roles.checker(s, me.roles(),
                        me.traits()).flatMap(checker -> {
                            Attempt<R> attempt = issue.apply(resource, checker);
                            return attempt.refusal() != null ? Uni.createFrom().item(attempt)
                                    : audit.record(s, AuditEvent.success(EventType.CERT_CREATE, me.username(),
                                            target.resource(), attempt.fields())).replaceWith(attempt);
                        })))
                .flatMap(attempt -> {
                    if (attempt.refusal() == null) {
                        return Uni.createFrom().item(attempt.certs());
                    }
                    Map<String, Object> fields = new LinkedHashMap<>(attempt.fields());
                    fields.put("refusal", attempt.refusal());
                    return audit.emit(AuditEvent.failure(EventType.CERT_CREATE, me.username(), target.resource(),
                                    fields)).onFailure().recoverWithNull()
                            .flatMap(x -> Uni.createFrom().failure(ApiException.accessDenied(attempt.refusal())));
                });
    }

    private <S extends Spec> Uni<Resource<S>> online(Mutiny.Session s, Target<S> t) {
        return store.get(s, t.kind(), t.name()).map(found -> {
            Resource<S> resource = found.filter(r -> t.spec().isInstance(r.spec())).map(r -> r.as(t.spec()))
                    .orElseThrow(() -> ApiException.notFound(t.what() + " '" + t.name() + "' not found; "
                            + t.listCommand() + " lists the " + t.what() + "s you can reach"));
            Optional<Instant> expires = resource.metadata().expires();
            if (expires.isPresent() && !expires.get().isAfter(clock.instant())) {
                throw ApiException.notFound(t.what() + " '" + t.name() + "' is offline (its agent last announced it "
                        + "until " + expires.get() + "); " + t.listCommand() + " lists the " + t.what()
                        + "s online now");
            }
            return resource;
        });
    }

    /**
     * The caller's identity (roles, traits, active request) with {@code routing} instead of whatever
     * the caller's own certificate routed to, and no SSH logins (this certificate is for one
     * resource), ending at the earliest of the caller's own certificate, the TTL asked for and the
     * roles' max_session_ttl.
     */
    public UserIdentity routedIdentity(UserIdentity me, AccessChecker checker, Map<String, String> routing,
            Optional<Duration> ttl) {
        Instant now = clock.instant();
        Instant end = me.expires();
        Instant rolesEnd = now.plus(checker.maxSessionTtl());
        if (rolesEnd.isBefore(end)) {
            end = rolesEnd;
        }
        if (ttl.isPresent() && now.plus(ttl.get()).isBefore(end)) {
            end = now.plus(ttl.get());
        }
        return new UserIdentity(me.username(), me.roles(), me.traits(), List.of(), now.minus(Duration.ofMinutes(1)),
                end, routing, false, false, me.activeRequest());
    }
}
