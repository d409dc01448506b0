package io.gatehouse.cli.gatectl;

import io.gatehouse.cli.apiclient.CliException;
import io.gatehouse.cli.apiclient.ExitCodes;
import io.gatehouse.shared.api.DbServerCertsResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * What `gatectl auth sign --format=db` leaves for a self-hosted database, as tctl does: PREFIX.key
 * (the key, made here, 0600 from the moment it exists), PREFIX.crt (its server certificate from
 * the database CA) and PREFIX.cas (the database client CA: what the database must trust, since
 * agents log in with certificates from it), and the settings that use them.
 */
final class DbServerFiles {
    private final Path prefix;

    DbServerFiles(Path prefix) {
        this.prefix = prefix.toAbsolutePath().normalize();
    }

    Path key() {
        return sibling(".key");
    }

    Path certificate() {
        return sibling(".crt");
    }

    Path clientCas() {
        return sibling(".cas");
    }

    List<Path> all() {
        return List.of(key(), certificate(), clientCas());
    }

    void checkFree(boolean overwrite) {
        for (Path p : all()) {
            if (Files.exists(p) && !overwrite) {
                throw new CliException(ExitCodes.CONFLICT, p + " already exists; pass --overwrite to replace it");
            }
        }
        for (Path p : all()) {
            // A quote or a line break would end the setting the printed lines put the path in.
            if (p.toString().matches(".*['\"\\\\\\p{Cntrl}].*")) {
                throw new CliException(ExitCodes.USAGE, "'" + p + "' cannot be written into postgresql.conf or my.cnf "
                        + "as is: choose an --out path without quotes, backslashes or control characters");
            }
        }
    }

    void write(String privateKeyPem, DbServerCertsResponse certs) throws IOException {
        Files.deleteIfExists(key());
        Files.createFile(key(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(key(), privateKeyPem, StandardOpenOption.TRUNCATE_EXISTING);
        Files.writeString(certificate(), certs.tlsCertificate());
        Files.writeString(clientCas(), certs.clientCaCertificate());
    }

    /** The lines to put into PostgreSQL's and MariaDB's configuration, with these files' paths. */
    String instructions() {
        return """
                PostgreSQL: in postgresql.conf
                  ssl = on
                  ssl_cert_file = '%1$s'
                  ssl_key_file = '%2$s'
                  ssl_ca_file = '%3$s'
                and in pg_hba.conf (clients must present a certificate whose CN is the database user):
                  hostssl all all 0.0.0.0/0 cert
                  hostssl all all ::/0 cert
                The key must belong to the server's OS user with mode 0600 (chown postgres %2$s).

                MariaDB / MySQL: in my.cnf, section [mariadb] or [mysqld]
                  ssl_cert = %1$s
                  ssl_key = %2$s
                  ssl_ca = %3$s
                and for each database user the agents log in as:
                  ALTER USER 'app'@'%%' REQUIRE SUBJECT '/CN=app';
                """.formatted(certificate(), key(), clientCas());
    }

    private Path sibling(String suffix) {
        return prefix.resolveSibling(prefix.getFileName() + suffix);
    }
}
