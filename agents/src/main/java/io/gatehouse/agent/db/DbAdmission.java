package io.gatehouse.agent.db;

import io.gatehouse.agent.service.ForwardedUsers;
import io.gatehouse.agent.service.UserCas;
import io.gatehouse.shared.cert.UserIdentity;
import io.gatehouse.shared.db.DbRoute;
import io.gatehouse.shared.rbac.AccessChecker;
import io.gatehouse.shared.rbac.CertificateRoles;
import io.gatehouse.shared.tunnel.ServiceRequest;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

/**
 * The agent's own decision on a database request, never the proxy's word: the user's certificate
 * must be signed by the cluster's user CA and valid now, name this database in its route, and the
 * database user and name asked for must be the route's (where it names them) and allowed by the
 * user's roles. Each refusal says what to do. The certificate and roles part is the agent's one
 * path for forwarded users (ForwardedUsers), shared with the App Service.
 */
public final class DbAdmission {
    private final ForwardedUsers users;

    public DbAdmission(UserCas userCas, CertificateRoles roles) {
        this.users = new ForwardedUsers(userCas, roles);
    }

    public DbAdmission(List<X509Certificate> userCas, CertificateRoles roles) {
        this(UserCas.of(userCas), roles);
    }

    /** Accepted: who, their roles, and the database user and name of the session. */
    public record Admitted(UserIdentity user, AccessChecker roles, String dbUser, String dbName) {
    }

    /** Refused, with the reason for the person; {@code user} as far as it is known ("" before the certificate). */
    public static final class Refusal extends Exception {
        private final String user;

        Refusal(String user, String reason) {
            super(reason, null, false, false);
            this.user = user;
        }

        public String user() {
            return user;
        }
    }

    public Admitted admit(ServiceRequest request, DatabaseConfig db, Instant now) throws Refusal {
        UserIdentity user = verify(request.userCertificate(), db, now);
        String name = user.username();
        DbRoute route = DbRoute.of(user.routing()).orElseThrow(() -> new Refusal(name, "the certificate of " + name
                + " is not for a database; run gate db login " + db.name()));
        if (!route.service().equals(db.name())) {
            throw new Refusal(name, "this certificate is for the database '" + route.service() + "', not '"
                    + db.name() + "'; run gate db login " + db.name());
        }
        String dbUser = request.param("db_user");
        String dbName = request.param("db_name");
        if (!route.user().isEmpty() && !dbUser.isEmpty() && !route.user().equals(dbUser)) {
            throw new Refusal(name, "this certificate is for database user '" + route.user() + "' on '" + db.name()
                    + "'; run gate db login " + db.name() + " --db-user=" + dbUser);
        }
        if (!route.database().isEmpty() && !dbName.isEmpty() && !route.database().equals(dbName)) {
            throw new Refusal(name, "this certificate is for database '" + route.database() + "' on '" + db.name()
                    + "'; run gate db login " + db.name() + " --db-name=" + dbName);
        }
        dbUser = dbUser.isEmpty() ? route.user() : dbUser;
        dbName = dbName.isEmpty() ? route.database() : dbName;
        if (dbUser.isEmpty()) {
            throw new Refusal(name, "no database user given for '" + db.name() + "'; run gate db login " + db.name()
                    + " --db-user=NAME");
        }
        if (dbName.isEmpty() && db.protocol().equals("postgres")) {
            dbName = dbUser; // PostgreSQL's own default
        }
        if (!request.param("pg.replication").isEmpty()) {
            throw new Refusal(name, "replication connections to '" + db.name() + "' are not served through "
                    + "Gatehouse (they would bypass the statement audit)");
        }
        if (db.password().isPresent() && !db.password().get().user().equals(dbUser)) {
            throw new Refusal(name, "the database '" + db.name() + "' accepts only database user '"
                    + db.password().get().user() + "' (the one whose password the agent has); run gate db login "
                    + db.name() + " --db-user=" + db.password().get().user());
        }
        AccessChecker checker;
        try {
            checker = users.roles(user);
        } catch (ForwardedUsers.Refusal e) {
            throw new Refusal(name, e.getMessage());
        }
        if (!checker.checkDatabase(db.name(), db.labels(), dbUser, dbName).allowed()) {
            throw new Refusal(name, "no role of " + name + " allows database user '" + dbUser + "' on '" + db.name()
                    + "'" + (dbName.isEmpty() ? "" : " (database '" + dbName + "')"));
        }
        return new Admitted(user, checker, dbUser, dbName);
    }

    /** How many certificates had their signature checked (tests: the rest were known, ForwardedUsers). */
    int signatureChecks() {
        return users.signatureChecks();
    }

    private UserIdentity verify(String pem, DatabaseConfig db, Instant now) throws Refusal {
        try {
            return users.verify(pem, db.name(), "gate db login " + db.name(), now);
        } catch (ForwardedUsers.Refusal e) {
            throw new Refusal(e.user(), e.getMessage());
        }
    }
}
