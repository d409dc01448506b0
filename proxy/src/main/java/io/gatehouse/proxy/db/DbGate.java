package io.gatehouse.proxy.db;

import io.gatehouse.shared.cert.UserIdentity;
import io.gatehouse.shared.db.DbRoute;
import io.gatehouse.shared.rbac.AccessChecker;
import io.gatehouse.shared.tunnel.ServiceChannels;
import io.gatehouse.shared.tunnel.ServiceRequest;
import java.io.IOException;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.apache.sshd.common.session.Session;

/**
 * The proxy's part of every database connection, whatever the protocol (contract steps 2-3): the
 * route the certificate carries checked against what the client's start-up asks for, the database
 * known and online, the roles (a fast refusal: the agent checks them again), then the service
 * channel to the agent serving the database. Every refusal here is audited as db.session.refused.
 */
public final class DbGate {
    /** How long the agent has to decide on a service channel. */
    public static final Duration OPEN_TIMEOUT = Duration.ofSeconds(10);
    /** How long a client has for a TLS handshake inside its protocol. */
    public static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
    /**
     * How long a client has for each read of its start-up (before the agent is asked): a client
     * that connects and says nothing must not hold a thread and a socket for ever. Cleared before
     * the session's bytes flow (an idle session is the client's business).
     */
    public static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);

    /** Where databases are (DbDirectory). */
    public interface Databases {
        Optional<DbDirectory.Db> find(String name);

        boolean online(DbDirectory.Db db);

        Optional<Session> tunnel(DbDirectory.Db db);
    }

    /** Someone to tell about a refusal (RefusalAudit.refusedDatabase). */
    @FunctionalInterface
    public interface Refusals {
        void refused(String user, String db, String dbUser, String dbName, String protocol, String reason,
                String remote);
    }

    /** A connection the proxy lets through to the agent: the database and who the session is. */
    public record Admitted(DbDirectory.Db db, DbCaller caller, String dbUser, String dbName, Session tunnel) {
    }

    private final Databases dbs;
    private final Function<UserIdentity, AccessChecker> roles;
    private final Refusals refusals;
    private final SSLContext clientTls;
    private final Clock clock;

    /** {@code clientTls}: the proxy's certificate, trusting the user CA (UserCaTrust) for clients. */
    public DbGate(Databases dbs, Function<UserIdentity, AccessChecker> roles, Refusals refusals, SSLContext clientTls,
            Clock clock) {
        this.dbs = dbs;
        this.roles = roles;
        this.refusals = refusals;
        this.clientTls = clientTls;
        this.clock = clock;
    }

    public SSLContext clientTls() {
        return clientTls;
    }

    public Clock clock() {
        return clock;
    }

    /**
     * Checks a start-up: {@code clientUser} and {@code clientDb} are what the client's start-up
     * names (empty: it names none, and the route's is used).
     */
    public Admitted admit(DbCaller caller, String protocol, String clientUser, String clientDb, String remote)
            throws DbRefusal {
        UserIdentity user = caller.user();
        String who = user.username();
        DbRoute route = DbRoute.of(user.routing()).orElseThrow(() -> refuse(DbRefusal.Kind.USER, who, "", clientUser,
                clientDb, protocol, "this certificate carries no database route; run gate db login NAME and "
                + "connect with the certificate it writes", remote));
        String name = route.service();
        if (!route.protocol().isEmpty() && !route.protocol().equals(protocol)) {
            throw refuse(DbRefusal.Kind.USER, who, name, clientUser, clientDb, protocol, "this certificate is for the "
                    + route.protocol() + " database '" + name + "', not a " + protocol + " client", remote);
        }
        String dbUser = chosen(route.user(), clientUser);
        String dbName = chosen(route.database(), clientDb);
        if (!route.user().isEmpty() && !clientUser.isEmpty() && !route.user().equals(clientUser)) {
            throw refuse(DbRefusal.Kind.USER, who, name, clientUser, clientDb, protocol, "this certificate is for "
                    + "database user '" + route.user() + "' on '" + name + "'; run gate db login " + name
                    + " --db-user=" + clientUser, remote);
        }
        if (!route.database().isEmpty() && !clientDb.isEmpty() && !route.database().equals(clientDb)) {
            throw refuse(DbRefusal.Kind.DATABASE, who, name, clientUser, clientDb, protocol, "this certificate is "
                    + "for database '" + route.database() + "' on '" + name + "'; run gate db login " + name
                    + " --db-name=" + clientDb, remote);
        }
        if (dbUser.isEmpty()) {
            throw refuse(DbRefusal.Kind.USER, who, name, dbUser, dbName, protocol, "no database user: name one with "
                    + "gate db login " + name + " --db-user=USER or in your client", remote);
        }
        DbDirectory.Db db = dbs.find(name).filter(d -> d.protocol().equals(protocol)).orElseThrow(() -> refuse(
                DbRefusal.Kind.DATABASE, who, name, dbUser, dbName, protocol, "no " + protocol + " database named '"
                + name + "' in this cluster; gate db ls lists the databases you can reach", remote));
        AccessChecker checker = roles.apply(user);
        var decision = checker.checkDatabase(db.name(), db.labels(), dbUser, dbName);
        if (!decision.allowed()) {
            // A role that denies is named (the user learns which); otherwise no role allows it.
            String why = checker.refusal().orElse(decision.reason().startsWith("role '") ? decision.reason()
                    + " for " + who : "no role of " + who + " allows database user '" + dbUser + "'"
                    + (dbName.isEmpty() ? "" : " and database '" + dbName + "'") + " on '" + db.name() + "'");
            throw refuse(DbRefusal.Kind.USER, who, name, dbUser, dbName, protocol, why, remote);
        }
        if (!dbs.online(db)) {
            throw refuse(DbRefusal.Kind.DATABASE, who, name, dbUser, dbName, protocol, offline(name), remote);
        }
        Session tunnel = dbs.tunnel(db).orElseThrow(() -> refuse(DbRefusal.Kind.DATABASE, who, name, dbUser, dbName,
                protocol, offline(name), remote));
        return new Admitted(db, caller, dbUser, dbName, tunnel);
    }

    private static String offline(String name) {
        return "database '" + name + "' is offline: the agent serving it has no tunnel to this proxy right now; "
                + "try again when gate db ls shows it online";
    }

    private static String chosen(String fromRoute, String fromClient) {
        return fromRoute.isEmpty() ? fromClient : fromRoute;
    }

    /** Audits a refusal made outside {@link #admit} (no certificate, a malformed start-up) and returns it. */
    public DbRefusal refuse(DbRefusal.Kind kind, String user, String db, String dbUser, String dbName, String protocol,
            String reason, String remote) {
        refusals.refused(user, db, dbUser, dbName, protocol, reason, remote);
        return new DbRefusal(kind, user, reason);
    }

    /**
     * Opens the service channel for an admitted session; {@code params} are the protocol's own
     * (pg.*, mysql.*), db_user and db_name are added.
     *
     * @throws ServiceChannels.RefusedException with the agent's reason (the agent audits its refusals)
     */
    public ServiceChannels.Opened open(Admitted a, String remote, Map<String, String> params) throws IOException {
        Map<String, String> all = new LinkedHashMap<>(params);
        all.put("db_user", a.dbUser());
        all.put("db_name", a.dbName());
        return ServiceChannels.open(a.tunnel(), new ServiceRequest("db", a.db().name(), a.caller().certificatePem(),
                remote, all), OPEN_TIMEOUT);
    }

    /**
     * Sends a request that needs no user (a PostgreSQL cancel) to the agent serving {@code name};
     * false when the database is unknown or offline.
     */
    public boolean signal(String name, String remote, Map<String, String> params) throws IOException {
        Optional<Session> tunnel = dbs.find(name).flatMap(dbs::tunnel);
        if (tunnel.isEmpty()) {
            return false;
        }
        try (ServiceChannels.Opened ignored = ServiceChannels.open(tunnel.get(), new ServiceRequest("db", name, "",
                remote, params), OPEN_TIMEOUT)) {
            return true;
        }
    }

    /**
     * TLS inside a protocol (PostgreSQL's 'S' answer, MySQL's SSL request): the proxy's certificate,
     * the client's asked for and verified against the user CA. Wanted rather than needed, so a
     * client without one hears why in its own protocol instead of a bare TLS alert; the fronts
     * refuse a session without one (DbCaller empty).
     */
    public SSLSocket upgrade(Socket plain) throws IOException {
        SSLSocket tls = (SSLSocket) clientTls.getSocketFactory().createSocket(plain, null, plain.getPort(), true);
        tls.setUseClientMode(false);
        SSLParameters params = tls.getSSLParameters();
        params.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
        params.setWantClientAuth(true);
        tls.setSSLParameters(params);
        tls.setSoTimeout((int) HANDSHAKE_TIMEOUT.toMillis());
        tls.startHandshake();
        tls.setSoTimeout(0);
        return tls;
    }
}
