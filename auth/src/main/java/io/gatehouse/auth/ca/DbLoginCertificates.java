package io.gatehouse.auth.ca;

import io.gatehouse.auth.api.ApiException;
import io.gatehouse.auth.api.Caller;
import io.gatehouse.auth.api.TtlParameter;
import io.gatehouse.auth.audit.AuditEvent;
import io.gatehouse.auth.audit.AuditLog;
import io.gatehouse.auth.identity.SubjectKeys;
import io.gatehouse.auth.roles.RoleLookup;
import io.gatehouse.auth.storage.ResourceStore;
import io.gatehouse.shared.api.DbCertsResponse;
import io.gatehouse.shared.api.SignDbRequest;
import io.gatehouse.shared.audit.EventType;
import io.gatehouse.shared.cert.UserIdentity;
import io.gatehouse.shared.db.DbRoute;
import io.gatehouse.shared.rbac.AccessChecker;
import io.gatehouse.shared.rbac.Decision;
import io.gatehouse.shared.resource.DbSpec;
import io.gatehouse.shared.resource.Kind;
import io.gatehouse.shared.resource.Resource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * gate db login: a user certificate that carries a database route (DbRoute), issued only when the
 * caller's roles allow that database user and name on that database, and never valid longer than
 * the certificate the caller proved itself with (so an access request's roles, or a short login,
 * end when they would have ended anyway).
 *
 * <p>An empty database name means "the one the client names at connect time", which the proxy and
 * the agent check against the roles then (as tsh db login without --db-name): such a route is
 * issued when the roles allow the database user with at least one database name there (every
 * name, or one of the names they list), so one login serves pg_dump of one database and a restore
 * into another. It promises nothing by itself: every connection is checked where it arrives.
 */
@ApplicationScoped
public class DbLoginCertificates {
    /**
     * Stands for "every name": only a pattern that matches even the empty name (the admin's "*",
     * "^.*$") grants it, and a deny of "*" refuses it, while a deny of one name does not (that name
     * is refused at connect, where the proxy and the agent check the name the client sends).
     */
    private static final String ANY_NAME = "";
    private final Mutiny.SessionFactory sessions;
    private final ResourceStore store;
    private final RoleLookup roles;
    private final CertificateIssuer issuer;
    private final AuditLog audit;
    private final Clock clock;

    public DbLoginCertificates(Mutiny.SessionFactory sessions, ResourceStore store, RoleLookup roles,
            CertificateIssuer issuer, AuditLog audit, Clock clock) {
        this.sessions = sessions;
        this.store = store;
        this.roles = roles;
        this.issuer = issuer;
        this.audit = audit;
        this.clock = clock;
    }

    /** Issued certificates, or the reason the roles refused (audited outside the transaction). */
    private record Outcome(DbCertsResponse certs, String refusal) {
    }

    public Uni<DbCertsResponse> sign(Caller who, SignDbRequest request) {
        if (!(who instanceof Caller.User caller)) {
            throw ApiException.accessDenied("database certificates are for users (gate db login); an agent asks for "
                    + "its own at " + io.gatehouse.shared.api.ApiPaths.CERTS_DB_CLIENT);
        }
        if (request == null) {
            throw ApiException.invalid("send {db, db_user, db_name, public_key, ttl}");
        }
        String db = DbIdentifiers.resource(request.db());
        String dbUser = DbIdentifiers.dbUser(request.dbUser());
        String dbName = DbIdentifiers.dbName(request.dbName());
        PublicKey key = SubjectKeys.parse(request.publicKey());
        Optional<Duration> ttl = TtlParameter.parse(request.ttl(), "database certificate TTL", Optional.empty());
        UserIdentity me = caller.identity();
        return sessions.withTransaction(s -> online(s, db).flatMap(resource -> roles.checker(s, me.roles(), me.traits())
                .flatMap(checker -> {
                    Decision decision = decide(checker, me.username(), resource, dbUser, dbName);
                    if (!decision.allowed()) {
                        return Uni.createFrom().item(new Outcome(null, decision.reason()));
                    }
                    DbSpec spec = resource.spec();
                    DbRoute route = new DbRoute(db, spec.protocol(), dbUser, dbName);
                    UserIdentity routed = routedIdentity(me, checker, route, ttl);
                    DbCertsResponse certs = issuer.issueDbUser(key, routed, route);
                    return audit.record(s, AuditEvent.success(EventType.CERT_CREATE, me.username(), "db/" + db,
                            fields(route, Map.of("reason", "db login", "expires", routed.expires().toString()))))
                            .replaceWith(new Outcome(certs, null));
                })))
                .flatMap(outcome -> outcome.refusal() == null ? Uni.createFrom().item(outcome.certs())
                        : audit.emit(AuditEvent.failure(EventType.CERT_CREATE, me.username(), "db/" + db,
                                fields(new DbRoute(db, "", dbUser, dbName), Map.of("reason", "db login",
                                        "refusal", outcome.refusal()))))
                                .onFailure().recoverWithNull()
                                .flatMap(x -> Uni.createFrom().failure(ApiException.accessDenied(outcome.refusal()))));
    }

    private Uni<Resource<DbSpec>> online(Mutiny.Session s, String db) {
        return store.get(s, Kind.DB, db).map(found -> {
            Resource<DbSpec> resource = found.filter(r -> r.spec() instanceof DbSpec).map(r -> r.as(DbSpec.class))
                    .orElseThrow(() -> ApiException.notFound("database '" + db + "' not found; gate db ls lists the "
                            + "databases you can reach"));
            Optional<Instant> expires = resource.metadata().expires();
            if (expires.isPresent() && !expires.get().isAfter(clock.instant())) {
                throw ApiException.notFound("database '" + db + "' is offline (its agent last announced it until "
                        + expires.get() + "); gate db ls lists the databases online now");
            }
            return resource;
        });
    }

    private static Decision decide(AccessChecker checker, String username, Resource<DbSpec> db, String dbUser,
            String dbName) {
        Map<String, String> labels = db.metadata().labels();
        if (!dbName.isEmpty()) {
            Decision d = checker.checkDatabase(db.name(), labels, dbUser, dbName);
            return d.allowed() ? d : Decision.deny("no role of " + username + " allows database user '" + dbUser
                    + "' and database '" + dbName + "' on '" + db.name() + "' (" + d.reason() + ")");
        }
        Decision user = checker.checkDatabase(db.name(), labels, dbUser, ANY_NAME);
        if (user.allowed()) {
            return user;
        }
        for (String named : checker.allowedDbNames()) {
            if (checker.checkDatabase(db.name(), labels, dbUser, named).allowed()) {
                return Decision.allow("the roles allow database user '" + dbUser + "' with the database '" + named
                        + "' (and the names they list) on '" + db.name() + "'");
            }
        }
        return Decision.deny("no role of " + username + " allows database user '" + dbUser + "' with any database "
                + "name on '" + db.name() + "' (" + user.reason() + ")");
    }

    /**
     * The caller's identity (roles, traits, active request) with the route added and no SSH
     * logins (this certificate is for one database), ending at the earliest of the caller's own
     * certificate, the TTL asked for and the roles' max_session_ttl.
     */
    private UserIdentity routedIdentity(UserIdentity me, AccessChecker checker, DbRoute route,
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
        // Only this route: whatever the caller's own certificate routed to does not carry over.
        return new UserIdentity(me.username(), me.roles(), me.traits(), List.of(), now.minus(Duration.ofMinutes(1)),
                end, route.toRouting(), false, false, me.activeRequest());
    }

    private static Map<String, Object> fields(DbRoute route, Map<String, Object> more) {
        Map<String, Object> f = new LinkedHashMap<>(more);
        f.put("db", route.service());
        f.put("db_user", route.user());
        f.put("db_name", route.database());
        if (!route.protocol().isEmpty()) {
            f.put("protocol", route.protocol());
        }
        return f;
    }
}
