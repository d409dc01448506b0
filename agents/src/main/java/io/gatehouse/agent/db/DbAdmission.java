package io.gatehouse.agent.db;

import io.gatehouse.shared.cert.IdentityCodec;
import io.gatehouse.shared.cert.Keys;
import io.gatehouse.shared.cert.UserIdentity;
import io.gatehouse.shared.db.DbRoute;
import io.gatehouse.shared.rbac.AccessChecker;
import io.gatehouse.shared.rbac.CertificateRoles;
import io.gatehouse.shared.tunnel.ServiceRequest;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The agent's own decision on a database request, never the proxy's word: the user's certificate
 * must be signed by the cluster's user CA and valid now, name this database in its route, and the
 * database user and name asked for must be the route's (where it names them) and allowed by the
 * user's roles. Each refusal says what to do.
 */
public final class DbAdmission {
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    /** Certificates in use at once on one agent: past it, the ones known are forgotten. */
    static final int MAX_VERIFIED = 256;

    private final UserCas userCas;
    private final CertificateRoles roles;
    /**
     * Certificates whose signature and kind were checked, by their exact PEM: a client such as
     * gate proxy db --tunnel presents the same one on every connection, and parsing it and
     * checking its signature came at every one. Kept only with the user CA list they were checked
     * against (a rotated list checks them again); validity dates are checked at every use.
     * Refusals are not kept.
     */
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();
    private final AtomicInteger signatureChecks = new AtomicInteger();

    private record Verified(X509Certificate cert, UserIdentity user, List<X509Certificate> cas) {
    }

    public DbAdmission(UserCas userCas, CertificateRoles roles) {
        this.userCas = userCas;
        this.roles = roles;
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
        AccessChecker checker = roles.checkerFor(user);
        if (checker.refusal().isPresent()) {
            throw new Refusal(name, checker.refusal().get());
        }
        if (!checker.checkDatabase(db.name(), db.labels(), dbUser, dbName).allowed()) {
            throw new Refusal(name, "no role of " + name + " allows database user '" + dbUser + "' on '" + db.name()
                    + "'" + (dbName.isEmpty() ? "" : " (database '" + dbName + "')"));
        }
        return new Admitted(user, checker, dbUser, dbName);
    }

    private UserIdentity verify(String pem, DatabaseConfig db, Instant now) throws Refusal {
        Verified v = verified.get(pem);
        if (v == null || v.cas() != userCas.current()) {
            v = verifySignatureAndKind(pem, db);
            if (verified.size() >= MAX_VERIFIED) {
                verified.clear();
            }
            verified.put(pem, v);
        }
        X509Certificate cert = v.cert();
        UserIdentity user = v.user();
        Date at = Date.from(now);
        if (at.after(cert.getNotAfter())) {
            verified.remove(pem);
            throw new Refusal(user.username(), "the certificate of " + user.username() + " expired at "
                    + cert.getNotAfter().toInstant() + "; run gate db login " + db.name());
        }
        if (at.before(cert.getNotBefore())) {
            throw new Refusal(user.username(), "the certificate of " + user.username() + " is not valid before "
                    + cert.getNotBefore().toInstant() + " (is this host's clock right?)");
        }
        return user;
    }

    /** How many certificates had their signature checked (tests: the rest came from {@link #verified}). */
    int signatureChecks() {
        return signatureChecks.get();
    }

    private Verified verifySignatureAndKind(String pem, DatabaseConfig db) throws Refusal {
        signatureChecks.incrementAndGet();
        X509Certificate cert;
        try {
            cert = Keys.parseCertificatePem(pem);
        } catch (RuntimeException e) {
            throw new Refusal("", "the request for '" + db.name() + "' carries no readable user certificate; run "
                    + "gate db login " + db.name());
        }
        List<X509Certificate> cas = userCas.current();
        if (cas.stream().noneMatch(ca -> signedBy(cert, ca))) {
            if (!userCas.refetch() || userCas.current().stream().noneMatch(ca -> signedBy(cert, ca))) {
                throw new Refusal("", "the client certificate is not from this cluster's user CA; run gate db login "
                        + db.name());
            }
            cas = userCas.current();
        }
        UserIdentity user;
        try {
            user = IdentityCodec.userFromX509(cert);
            if (IdentityCodec.isHostCertificate(cert) || cert.getExtendedKeyUsage() == null
                    || !cert.getExtendedKeyUsage().contains(CLIENT_AUTH) || user.username().isEmpty()) {
                throw new Refusal("", "the client certificate is not a user's; run gate db login " + db.name());
            }
        } catch (CertificateParsingException | RuntimeException e) {
            throw new Refusal("", "the client certificate is malformed: " + e.getMessage());
        }
        return new Verified(cert, user, cas);
    }

    private static boolean signedBy(X509Certificate cert, X509Certificate ca) {
        if (!cert.getIssuerX500Principal().equals(ca.getSubjectX500Principal())) {
            return false;
        }
        try {
            cert.verify(ca.getPublicKey());
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }
}
