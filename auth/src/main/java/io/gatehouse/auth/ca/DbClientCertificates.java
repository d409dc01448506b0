package io.gatehouse.auth.ca;

import io.gatehouse.auth.api.ApiException;
import io.gatehouse.auth.api.Authorizer;
import io.gatehouse.auth.api.Caller;
import io.gatehouse.auth.audit.AuditEvent;
import io.gatehouse.auth.audit.AuditLog;
import io.gatehouse.auth.identity.SubjectKeys;
import io.gatehouse.auth.storage.ResourceStore;
import io.gatehouse.shared.api.DbClientCertResponse;
import io.gatehouse.shared.api.SignDbClientRequest;
import io.gatehouse.shared.audit.EventType;
import io.gatehouse.shared.resource.DbSpec;
import io.gatehouse.shared.resource.Kind;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * An agent's short-lived client certificate for logging in to a database it serves (certificate
 * auth). The agent's word is never taken: the caller must hold the "db" system role, and the
 * database must be a live db resource whose serving host id is the caller certificate's, as the
 * agent's own heartbeat stored it. Otherwise an agent could log in to another agent's database as
 * any user the database trusts the client CA for.
 */
@ApplicationScoped
public class DbClientCertificates {
    public static final String DB_ROLE = "db";
    /** Long enough for one login (the agent asks per connection or caches briefly), short if it leaks. */
    static final Duration TTL = Duration.ofMinutes(10);
    static final Duration BACKDATE = Duration.ofMinutes(1);

    private final Authorizer authorizer;
    private final Mutiny.SessionFactory sessions;
    private final ResourceStore store;
    private final CertificateIssuer issuer;
    private final AuditLog audit;
    private final Clock clock;

    public DbClientCertificates(Authorizer authorizer, Mutiny.SessionFactory sessions, ResourceStore store,
            CertificateIssuer issuer, AuditLog audit, Clock clock) {
        this.authorizer = authorizer;
        this.sessions = sessions;
        this.store = store;
        this.issuer = issuer;
        this.audit = audit;
        this.clock = clock;
    }

    public Uni<DbClientCertResponse> sign(Caller who, SignDbClientRequest request) {
        if (request == null) {
            throw ApiException.invalid("send {db, db_user, public_key}");
        }
        String db = DbIdentifiers.resource(request.db());
        String dbUser = DbIdentifiers.dbUser(request.dbUser());
        PublicKey key = SubjectKeys.parse(request.publicKey());
        return authorizer.requireSystemRole(who, DB_ROLE, "ask for database client certificates")
                .flatMap(x -> sessions.withTransaction(s -> problem(s, (Caller.Host) who, db).flatMap(problem -> {
                    if (problem.isPresent()) {
                        return Uni.createFrom().item(new Outcome(null, problem.get()));
                    }
                    Instant now = clock.instant();
                    DbClientCertResponse cert = issuer.issueDbClient(key, dbUser, now.minus(BACKDATE), now.plus(TTL));
                    return audit.record(s, AuditEvent.success(EventType.CERT_CREATE, who.name(), "db/" + db,
                            fields(who, dbUser, Map.of("reason", "db client", "expires", cert.expires().toString()))))
                            .replaceWith(new Outcome(cert, null));
                })))
                .flatMap(outcome -> outcome.refusal() == null ? Uni.createFrom().item(outcome.cert())
                        : audit.emit(AuditEvent.failure(EventType.CERT_CREATE, who.name(), "db/" + db,
                                fields(who, dbUser, Map.of("reason", "db client", "refusal", outcome.refusal()))))
                                .onFailure().recoverWithNull()
                                .flatMap(v -> Uni.createFrom().failure(ApiException.accessDenied(outcome.refusal()))));
    }

    private record Outcome(DbClientCertResponse cert, String refusal) {
    }

    /** Why this host may not log in to {@code db}; empty if the db is live and served by it. */
    private Uni<Optional<String>> problem(Mutiny.Session s, Caller.Host host, String db) {
        String hostId = host.identity().hostId();
        return store.peek(s, Kind.DB, db).map(found -> {
            if (found.isEmpty() || !(found.get().spec() instanceof DbSpec spec)) {
                return Optional.of("no database '" + db + "' is announced; an agent gets client certificates only "
                        + "for databases it serves (databases: in agent.yaml, heartbeated as kind db)");
            }
            if (!spec.hostId().equals(hostId)) {
                return Optional.of("database '" + db + "' is served by another agent, not by " + hostId);
            }
            Optional<Instant> expires = found.get().metadata().expires();
            if (expires.isPresent() && !expires.get().isAfter(clock.instant())) {
                return Optional.of("database '" + db + "' is offline (announced until " + expires.get()
                        + "); heartbeat it before asking for a client certificate");
            }
            return Optional.empty();
        });
    }

    private static Map<String, Object> fields(Caller who, String dbUser, Map<String, Object> more) {
        Map<String, Object> f = new LinkedHashMap<>(more);
        f.put("db_user", dbUser);
        if (who instanceof Caller.Host h) {
            f.put("host_id", h.identity().hostId());
        }
        return f;
    }
}
