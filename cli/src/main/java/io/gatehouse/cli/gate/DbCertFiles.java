package io.gatehouse.cli.gate;

import io.gatehouse.cli.apiclient.CliException;
import io.gatehouse.cli.apiclient.ExitCodes;
import io.gatehouse.shared.cert.IdentityCodec;
import io.gatehouse.shared.cert.IdentityFile;
import io.gatehouse.shared.cert.Keys;
import io.gatehouse.shared.cert.UserIdentity;
import io.gatehouse.shared.db.DbRoute;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * One database login's files (LoginFiles), beside the user's key set (KEYPREFIX-db/NAME.*), in the
 * forms psql and mariadb read: NAME.key (the login's private key, PEM, 0600: libpq refuses a key others can
 * read), NAME.crt (the db-routed X.509 certificate), NAME.cas (the cluster CAs that verify the
 * proxy). The key is a copy, so a later gate login with a new key leaves this pair consistent.
 * What the certificate leads to (database, protocol, db user, db name) is read from the
 * certificate itself, never from a side file.
 */
record DbCertFiles(Path dir, String db) {
    DbCertFiles {
        requireName(db);
    }

    static DbCertFiles of(KeySet keys, String db) {
        return new DbCertFiles(dirOf(keys), db);
    }

    static Path dirOf(KeySet keys) {
        return keys.prefix().resolveSibling(keys.prefix().getFileName() + "-db");
    }

    static String requireName(String db) {
        if (db == null || !LoginFiles.NAME.matcher(db).matches()) {
            throw new CliException(ExitCodes.USAGE, "'" + db + "' is not a database name: letters, digits, '.', '_' "
                    + "and '-' (gate db ls lists the databases you can reach)");
        }
        return db;
    }

    Path key() {
        return LoginFiles.key(dir, db);
    }

    Path certificate() {
        return LoginFiles.certificate(dir, db);
    }

    Path ca() {
        return LoginFiles.ca(dir, db);
    }

    boolean exists() {
        return LoginFiles.exists(dir, db);
    }

    void write(String privateKeyPem, String certificatePem, List<String> cas) throws IOException {
        LoginFiles.write(dir, db, privateKeyPem, certificatePem, cas);
    }

    void delete() throws IOException {
        LoginFiles.delete(dir, db);
    }

    UserIdentity identity() {
        try {
            return IdentityCodec.userFromX509(Keys.parseCertificatePem(Files.readString(certificate())));
        } catch (IOException | RuntimeException e) {
            throw new CliException(ExitCodes.INVALID, "cannot read the database certificate " + certificate() + " ("
                    + e.getMessage() + "): run gate db login " + db + " again");
        }
    }

    /** The route auth signed into the certificate; a certificate without one is not a db login. */
    DbRoute route() {
        return DbRoute.of(identity().routing()).orElseThrow(() -> new CliException(ExitCodes.INVALID,
                certificate() + " names no database: run gate db login " + db + " again"));
    }

    boolean validAt(Instant when) {
        return identity().expires().isAfter(when);
    }

    /** Key, certificate and CAs as one identity, for gate's own TLS to the proxy (proxy db --tunnel). */
    IdentityFile tlsIdentity() {
        try {
            return LoginFiles.tlsIdentity(dir, db);
        } catch (IOException e) {
            throw new CliException(ExitCodes.INVALID, "cannot read the database login " + certificate() + " ("
                    + e.getMessage() + "): run gate db login " + db + " again");
        }
    }

    /** The databases with stored logins under {@code dir}, by name. */
    static List<String> stored(Path dir) throws IOException {
        return LoginFiles.stored(dir);
    }
}
