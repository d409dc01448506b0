package io.gatehouse.cli.gatectl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.cli.apiclient.CliException;
import io.gatehouse.shared.api.DbServerCertsResponse;
import io.gatehouse.shared.cert.CaType;
import io.gatehouse.shared.cert.Keys;
import io.gatehouse.shared.cert.X509CertificateSigner;
import io.gatehouse.shared.resource.DbSpec;
import io.gatehouse.shared.resource.Kind;
import io.gatehouse.shared.resource.Metadata;
import io.gatehouse.shared.resource.Resource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The files gatectl auth sign --format=db leaves for a database, checked with the real openssl:
 * the key matches the certificate and is the owner's alone, the certificate chains to the database
 * CA, PREFIX.cas is the client CA, and the printed settings name these very files.
 */
class DbServerFilesTest {
    @TempDir
    Path dir;

    private static final KeyPair DB_CA = Keys.generateEcdsaP256();
    private static final KeyPair CLIENT_CA = Keys.generateEcdsaP256();
    private static final X509Certificate DB_CA_CERT = X509CertificateSigner.selfSignedCa(DB_CA, "test", CaType.DB,
            Duration.ofDays(1));
    private static final X509Certificate CLIENT_CA_CERT = X509CertificateSigner.selfSignedCa(CLIENT_CA, "test",
            CaType.DB_CLIENT, Duration.ofDays(1));

    private static DbServerCertsResponse signed(KeyPair key) {
        X509Certificate cert = new X509CertificateSigner(DB_CA, DB_CA_CERT).issueServer(key.getPublic(), "db",
                "orders.db.internal", List.of("orders.db.internal"), List.of("127.0.0.1"), Duration.ofHours(1), 7);
        return new DbServerCertsResponse(Keys.certificateToPem(cert), Keys.certificateToPem(DB_CA_CERT),
                Keys.certificateToPem(CLIENT_CA_CERT), cert.getNotAfter().toInstant());
    }

    @Test
    void theKeyMatchesTheCertificateWhichChainsToTheDatabaseCaAndCasIsTheClientCa() throws Exception {
        KeyPair key = Keys.generateEcdsaP256();
        DbServerFiles files = new DbServerFiles(dir.resolve("orders"));
        files.checkFree(false);
        files.write(Keys.sshPrivateKeyPem(key), signed(key));

        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(files.key())));
        String fromKey = openssl("pkey", "-in", files.key().toString(), "-pubout");
        String fromCert = openssl("x509", "-in", files.certificate().toString(), "-noout", "-pubkey");
        assertEquals(fromCert, fromKey, "the database's key is the one certified");
        Path dbCa = Files.writeString(dir.resolve("db-ca.pem"), Keys.certificateToPem(DB_CA_CERT));
        assertTrue(openssl("verify", "-purpose", "sslserver", "-CAfile", dbCa.toString(),
                files.certificate().toString()).contains(": OK"));
        assertEquals(CLIENT_CA_CERT, Keys.parseCertificatePem(Files.readString(files.clientCas())),
                "the database trusts the CA agents log in with");
    }

    @Test
    void theSettingsNameTheWrittenFiles() {
        DbServerFiles files = new DbServerFiles(dir.resolve("orders"));
        String text = files.instructions();
        assertTrue(text.contains("ssl_cert_file = '" + dir.resolve("orders.crt") + "'"), text);
        assertTrue(text.contains("ssl_key_file = '" + dir.resolve("orders.key") + "'"), text);
        assertTrue(text.contains("ssl_ca_file = '" + dir.resolve("orders.cas") + "'"), text);
        assertTrue(text.contains("hostssl all all 0.0.0.0/0 cert"), text);
        assertTrue(text.contains("ssl_ca = " + dir.resolve("orders.cas")), text);
        assertTrue(text.contains("REQUIRE SUBJECT '/CN=app'") && text.contains("'app'@'%'"), text);
    }

    @Test
    void existingFilesAndPathsThatWouldBreakTheSettingsAreRefused() throws Exception {
        Files.writeString(dir.resolve("taken.crt"), "x");
        assertThrows(CliException.class, () -> new DbServerFiles(dir.resolve("taken")).checkFree(false));
        new DbServerFiles(dir.resolve("taken")).checkFree(true);
        for (String bad : List.of("it's", "a\nssl = off", "back\\slash")) {
            assertThrows(CliException.class, () -> new DbServerFiles(dir.resolve(bad)).checkFree(true), bad);
        }
    }

    @Test
    void getDbsShowsProtocolAndUri() {
        var db = new Resource<>(Kind.DB, "v1", new Metadata("orders-db", Map.of("env", "prod"), "", Optional.empty(), 0),
                new DbSpec("postgres", "10.0.0.5:5432", "host-1"));
        String table = GetCommand.dbTable(List.of(db)).render();
        assertTrue(table.contains("Protocol") && table.contains("URI"), table);
        assertTrue(table.contains("orders-db") && table.contains("postgres") && table.contains("10.0.0.5:5432")
                && table.contains("env=prod"), table);
    }

    private String openssl(String... args) throws Exception {
        var command = new java.util.ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), String.join(" ", command) + ": " + out);
        return out;
    }
}
