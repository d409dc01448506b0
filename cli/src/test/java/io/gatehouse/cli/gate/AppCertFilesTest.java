package io.gatehouse.cli.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.cli.apiclient.CliException;
import io.gatehouse.shared.app.AppRoute;
import io.gatehouse.shared.cert.CaType;
import io.gatehouse.shared.cert.Keys;
import io.gatehouse.shared.cert.UserIdentity;
import io.gatehouse.shared.cert.X509CertificateSigner;
import io.gatehouse.shared.db.DbRoute;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An app login's files: written private, read back by the route the certificate carries, listed and removed. */
class AppCertFilesTest {
    private static final KeyPair CA = Keys.generateEcdsaP256();
    private static final X509CertificateSigner SIGNER = new X509CertificateSigner(CA,
            X509CertificateSigner.selfSignedCa(CA, "test", CaType.USER, Duration.ofDays(1)));
    @TempDir
    Path dir;

    private static String cert(KeyPair key, Map<String, String> routing) {
        UserIdentity alice = new UserIdentity("alice", List.of("dev"), Map.of(), List.of(), Instant.now(),
                Instant.now().plusSeconds(3600), routing, false, false, Optional.empty());
        return Keys.certificateToPem(SIGNER.issueUser(key.getPublic(), alice, 1));
    }

    @Test
    void aLoginIsWrittenPrivateReadBackListedAndRemoved() throws Exception {
        KeyPair key = Keys.generateEcdsaP256();
        AppCertFiles files = AppCertFiles.of(new KeySet(dir.resolve("keys/alice")), "orders-api");
        files.write(Keys.privateKeyToPem(key.getPrivate()), cert(key, new AppRoute("orders-api").toRouting()),
                List.of("CA-PEM"));
        assertTrue(files.exists());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(files.key())));
        assertEquals("alice", files.identity().username());
        assertEquals(List.of("orders-api"), LoginFiles.stored(files.dir()));
        String config = AppCommand.Config.config("orders-api", files, files.identity(), "proxy.example", 3080);
        assertTrue(config.contains("curl --cert " + files.certificate()) && config.contains("gate proxy app orders-api"),
                config);
        files.delete();
        assertEquals(List.of(), LoginFiles.stored(files.dir()));
    }

    @Test
    void aCertificateForAnotherAppOrADatabaseIsNotThisAppsLogin() throws Exception {
        KeyPair key = Keys.generateEcdsaP256();
        AppCertFiles files = AppCertFiles.of(new KeySet(dir.resolve("keys/bob")), "orders-api");
        files.write(Keys.privateKeyToPem(key.getPrivate()), cert(key, new AppRoute("grafana").toRouting()), List.of());
        assertTrue(assertThrows(CliException.class, files::identity).getMessage().contains("gate apps login orders-api"));
        files.write(Keys.privateKeyToPem(key.getPrivate()), cert(key, new DbRoute("orders-api", "postgres", "app", "")
                .toRouting()), List.of());
        assertThrows(CliException.class, files::identity);
        assertThrows(CliException.class, () -> AppCertFiles.requireName("../etc"));
    }
}
