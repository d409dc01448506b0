package io.gatehouse.cli.gate;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.cli.apiclient.CliException;
import io.gatehouse.shared.cert.Keys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A hostile proxy's /find answer must not become OpenSSH configuration. */
class OpenSshNamesTest {
    @TempDir
    Path dir;

    @Test
    void aClusterNameWithANewlineNeverReachesSshConfig() {
        Target.Cluster evil = cluster("prod\n  ProxyCommand touch /tmp/pwned", "alice");
        assertThrows(CliException.class, () -> Target.writeOpenSshFiles(evil, List.of(caKey())));
        assertTrue(!Files.exists(evil.sshConfig()), "nothing is written");
    }

    @Test
    void aUserNameOrKeyThatCarriesDirectivesIsRefused() {
        assertThrows(CliException.class, () -> Target.writeOpenSshFiles(cluster("prod", "alice\nProxyCommand x"),
                List.of(caKey())));
        assertThrows(CliException.class, () -> Target.writeOpenSshFiles(cluster("prod", "alice"),
                List.of(caKey() + "\n@cert-authority * ssh-ed25519 AAAAC3Nza attacker")));
    }

    @Test
    void anOrdinaryClusterIsWritten() throws Exception {
        Target.Cluster ok = cluster("prod.example", "alice");
        assertDoesNotThrow(() -> Target.writeOpenSshFiles(ok, List.of(caKey())));
        assertTrue(Files.readString(ok.knownHosts()).startsWith("@cert-authority * ecdsa-sha2-nistp256 "));
        assertTrue(Files.readString(ok.sshConfig()).contains("Host *.prod.example"));
    }

    private Target.Cluster cluster(String name, String user) {
        return new Target.Cluster("127.0.0.1:3080", name, 3023, false, user, new KeySet(dir.resolve("keys").resolve(user
                .replaceAll("\\W", "_"))), dir.resolve("known_hosts"), dir.resolve("ssh_config"));
    }

    private static String caKey() {
        return Keys.toOpenSshPublicKey(Keys.generateEcdsaP256().getPublic());
    }
}
