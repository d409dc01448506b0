package io.gatehouse.cli.gate;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.cli.apiclient.CliException;
import io.gatehouse.cli.apiclient.ExitCodes;
import io.gatehouse.shared.api.DbCertsResponse;
import io.gatehouse.shared.api.SignDbRequest;
import io.gatehouse.shared.cert.IdentityFile;
import io.gatehouse.shared.cert.Keys;
import io.gatehouse.shared.db.DbRoute;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Getting and keeping a database certificate (gate db login, and for gate db connect and gate
 * proxy db): which database user to ask for, whether a stored certificate still serves, and the
 * signing call itself with the key the user logged in with.
 */
final class DbLogin {
    /** A stored certificate closer to its end than this is not reused: a session would die at once. */
    static final Duration MIN_REMAINING = Duration.ofMinutes(1);

    private final Target.Cluster cluster;

    DbLogin(Target.Cluster cluster) {
        this.cluster = cluster;
    }

    /** A database as the resources listing shows it to this user; dbUsers are the logins its roles allow. */
    record Database(String name, String protocol, Map<String, String> labels, List<String> dbUsers, boolean online) {
        static Database of(JsonNode item) {
            Map<String, String> labels = new TreeMap<>();
            item.path("labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
            List<String> users = new ArrayList<>();
            item.path("logins").forEach(u -> users.add(u.asText()));
            return new Database(item.path("name").asText(), item.path("protocol").asText(""), labels, users,
                    item.path("online").asBoolean(false));
        }
    }

    List<Database> databases() {
        return cluster.api().databases().stream().map(Database::of).toList();
    }

    Database find(String name) {
        return databases().stream().filter(d -> d.name().equals(name)).findFirst().orElseThrow(() ->
                new CliException(ExitCodes.NOT_FOUND, "no database '" + name + "' that you may reach: gate db ls lists "
                        + "those you can"));
    }

    /**
     * The database user to ask for: the one given, or the only one the roles name literally; with
     * several (or a wildcard) the user must choose, and the error lists the choices.
     */
    static String chooseUser(Database db, String requested) {
        if (requested != null && !requested.isBlank()) {
            return requested;
        }
        List<String> literal = db.dbUsers().stream().filter(u -> !u.contains("*") && !u.contains("{{")).toList();
        if (literal.size() == 1 && literal.size() == db.dbUsers().size()) {
            return literal.get(0);
        }
        throw new CliException(ExitCodes.USAGE, "which database user on '" + db.name() + "'? pass --db-user=USER"
                + (db.dbUsers().isEmpty() ? "" : "; your roles allow: " + String.join(", ", db.dbUsers())));
    }

    /**
     * A stored certificate serves a request when it is valid a while longer and leads to the same
     * database user and name (a request that leaves either open takes what is stored).
     */
    static boolean reusable(DbRoute stored, Instant expires, String dbUser, String dbName, Instant now) {
        return expires.isAfter(now.plus(MIN_REMAINING)) && (dbUser == null || dbUser.equals(stored.user()))
                && (dbName == null || dbName.equals(stored.database()));
    }

    /** The stored login for {@code db} if it serves, else a new one from the proxy. */
    DbCertFiles ensure(String db, String dbUser, String dbName) throws IOException {
        DbCertFiles files = DbCertFiles.of(cluster.keys(), db);
        if (files.exists()) {
            try {
                if (reusable(files.route(), files.identity().expires(), dbUser, dbName, Instant.now())) {
                    return files;
                }
            } catch (CliException unreadable) {
                // signed again below
            }
        }
        return login(db, dbUser, dbName);
    }

    /** A new certificate for {@code db}; without --db-user, the user the listing makes the only choice. */
    DbCertFiles login(String db, String dbUser, String dbName) throws IOException {
        cluster.requireValid();
        String user = dbUser != null && !dbUser.isBlank() ? dbUser : chooseUser(find(db), null);
        return sign(DbCertFiles.of(cluster.keys(), db), user, dbName);
    }

    /** The same route again, for a listener whose certificate ran out while the login is still valid. */
    DbCertFiles renew(DbCertFiles files) throws IOException {
        DbRoute route = files.route();
        cluster.requireValid();
        return sign(files, route.user(), route.database().isEmpty() ? null : route.database());
    }

    private DbCertFiles sign(DbCertFiles files, String dbUser, String dbName) throws IOException {
        IdentityFile login = cluster.keys().identity();
        DbCertsResponse certs = cluster.api().signDb(new SignDbRequest(files.db(), dbUser, dbName,
                Keys.toOpenSshPublicKey(login.keyPair().getPublic()), null));
        if (certs.tlsCertificate() == null || certs.tlsCertificate().isBlank()) {
            throw new CliException(ExitCodes.ERROR, "the proxy answered without a database certificate for '"
                    + files.db() + "'");
        }
        // A certificate for another key would be useless to psql and a sign of a confused proxy.
        if (!Keys.parseCertificatePem(certs.tlsCertificate()).getPublicKey().equals(login.keyPair().getPublic())) {
            throw new CliException(ExitCodes.ERROR, "the proxy answered with a database certificate for another key "
                    + "than yours; run gate login again, then gate db login " + files.db());
        }
        List<String> cas = certs.tlsCaCertificates() != null && !certs.tlsCaCertificates().isEmpty()
                ? certs.tlsCaCertificates() : login.trustedTlsCaPems();
        files.write(login.privateKeyPem(), certs.tlsCertificate(), cas);
        return files;
    }
}
