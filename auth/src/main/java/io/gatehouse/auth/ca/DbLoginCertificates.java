package io.gatehouse.auth.ca;

import io.gatehouse.auth.api.ApiException;
import io.gatehouse.auth.api.Caller;
import io.gatehouse.auth.api.TtlParameter;
import io.gatehouse.auth.identity.SubjectKeys;
import io.gatehouse.shared.api.DbCertsResponse;
import io.gatehouse.shared.api.SignDbRequest;
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
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

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
 * Lookup, roles, lifetime and audit are the shared path of routed certificates (RoutedCertificates).
 */
@ApplicationScoped
public class DbLoginCertificates {
    /**
     * Stands for "every name": only a pattern that matches even the empty name (the admin's "*",
     * "^.*$") grants it, and a deny of "*" refuses it, while a deny of one name does not (that name
     * is refused at connect, where the proxy and the agent check the name the client sends).
     */
    private static final String ANY_NAME = "";
    private final RoutedCertificates routed;
    private final CertificateIssuer issuer;

    public DbLoginCertificates(RoutedCertificates routed, CertificateIssuer issuer) {
        this.routed = routed;
        this.issuer = issuer;
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
        return routed.sign(caller, new RoutedCertificates.Target<>(Kind.DB, DbSpec.class, db, "database", "gate db ls"),
                (resource, checker) -> {
                    Decision decision = decide(checker, me.username(), resource, dbUser, dbName);
                    if (!decision.allowed()) {
                        return RoutedCertificates.Attempt.refused(decision.reason(), fields(new DbRoute(db, "",
                                dbUser, dbName), Map.of("reason", "db login")));
                    }
                    DbRoute route = new DbRoute(db, resource.spec().protocol(), dbUser, dbName);
                    UserIdentity identity = routed.routedIdentity(me, checker, route.toRouting(), ttl);
                    return RoutedCertificates.Attempt.issued(issuer.issueDbUser(key, identity, route), fields(route,
                            Map.of("reason", "db login", "expires", identity.expires().toString())));
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
