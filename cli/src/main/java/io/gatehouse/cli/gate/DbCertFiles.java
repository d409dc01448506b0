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
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One database login's files, beside the user's key set (KEYPREFIX-db/NAME.*), in the forms psql
 * and mariadb read: NAME.key (the login's private key, PEM, 0600: libpq refuses a key others can
 * read), NAME.crt (the db-routed X.509 certificate), NAME.cas (the cluster CAs that verify the
 * proxy). The key is a copy, so a later gate login with a new key leaves this pair consistent.
 * What the certificate leads to (database, protocol, db user, db name) is read from the
 * certificate itself, never from a side file.
 */
record DbCertFiles(Path dir, String db) {
    /** Names that are safe as file names and in a shell command line; the resource names gate accepts. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

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
        if (db == null || !NAME.matcher(db).matches()) {
            throw new CliException(ExitCodes.USAGE, "'" + db + "' is not a database name: letters, digits, '.', '_' "
                    + "and '-' (gate db ls lists the databases you can reach)");
        }
        return db;
    }

    Path key() {
        return dir.resolve(db + ".key");
    }

    Path certificate() {
        return dir.resolve(db + ".crt");
    }

    Path ca() {
        return dir.resolve(db + ".cas");
    }

    boolean exists() {
        return Files.exists(key()) && Files.exists(certificate()) && Files.exists(ca());
    }

    /** The key first and private from its creation, the certificate last: exists() means a whole set. */
    void write(String privateKeyPem, String certificatePem, List<String> cas) throws IOException {
        GateHome.ensureDir(dir);
        writePrivate(key(), privateKeyPem);
        Files.writeString(ca(), String.join("", cas.stream().map(c -> c.strip() + "\n").toList()));
        Path tmp = Files.createTempFile(dir, ".crt", ".tmp");
        Files.writeString(tmp, certificatePem.strip() + "\n");
        Files.move(tmp, certificate(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void writePrivate(Path file, String pem) throws IOException {
        Path tmp = Files.createTempFile(file.getParent(), ".key", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(tmp, pem.strip() + "\n");
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    void delete() throws IOException {
        for (Path p : List.of(certificate(), key(), ca())) {
            Files.deleteIfExists(p);
        }
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
            String cas = Files.readString(ca());
            return new IdentityFile(Files.readString(key()), "", Files.readString(certificate()), cas.isBlank()
                    ? List.of() : List.of(cas), List.of());
        } catch (IOException e) {
            throw new CliException(ExitCodes.INVALID, "cannot read the database login " + certificate() + " ("
                    + e.getMessage() + "): run gate db login " + db + " again");
        }
    }

    /** The databases with stored logins under {@code dir}, by name. */
    static List<String> stored(Path dir) throws IOException {
        List<String> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> files = Files.list(dir)) {
            files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".crt"))
                    .map(n -> n.substring(0, n.length() - ".crt".length())).filter(n -> NAME.matcher(n).matches())
                    .sorted().forEach(out::add);
        }
        return out;
    }
}
