package io.gatehouse.cli.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.shared.cert.CaType;
import io.gatehouse.shared.cert.Keys;
import io.gatehouse.shared.cert.UserIdentity;
import io.gatehouse.shared.cert.X509CertificateSigner;
import io.gatehouse.shared.db.DbRoute;
import io.gatehouse.shared.routing.TlsRouting;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real psql, started with the command line gate db connect builds, through gate's --tunnel
 * listener and a TLS stand-in for the proxy that pipes to the real PostgreSQL of this machine
 * (GATEHOUSE_TEST_PG_*, trust auth), and the same for mariadb and the private MariaDB
 * (deploy/mariadb.sh, GATEHOUSE_MYSQL_*): the plain-text client works because gate's outer TLS carries
 * the certificate, and psql's exit code is what gate db connect passes on.
 */
class DbRealClientTest {
    private static final KeyPair HOST_CA = Keys.generateEcdsaP256();
    private static final X509Certificate HOST_CA_CERT = X509CertificateSigner.selfSignedCa(HOST_CA, "test",
            CaType.HOST, Duration.ofDays(1));
    private static final KeyPair USER_CA = Keys.generateEcdsaP256();
    private static final X509Certificate USER_CA_CERT = X509CertificateSigner.selfSignedCa(USER_CA, "test",
            CaType.USER, Duration.ofDays(1));

    @TempDir
    Path dir;

    @Test
    void psqlRunsAQueryThroughTheTunnelAndItsExitCodeComesBack() throws Exception {
        String pgUser = env("GATEHOUSE_TEST_PG_USER", "postgres");
        DbCertFiles files = login(new DbRoute("orders-db", "postgres", pgUser, "postgres"));
        KeyPair proxyKey = Keys.generateEcdsaP256();
        X509Certificate proxyCert = new X509CertificateSigner(HOST_CA, HOST_CA_CERT).issueServer(proxyKey.getPublic(),
                "proxy", "proxy.test", List.of("localhost"), List.of("127.0.0.1"), Duration.ofHours(1), 2);
        InetSocketAddress pg = new InetSocketAddress(env("GATEHOUSE_TEST_PG_HOST", "127.0.0.1"),
                Integer.parseInt(env("GATEHOUSE_TEST_PG_PORT", "5432")));
        try (FakeDbProxy proxy = new FakeDbProxy(proxyKey, proxyCert, USER_CA_CERT, List.of(TlsRouting.POSTGRES), pg);
                LocalProxy listener = LocalProxy.start(0, new DbUpstream(files, true, "127.0.0.1", proxy.port(),
                        expired -> expired, m -> { }, Clock.systemUTC()), m -> { })) {
            String psql = DbClients.findProgram("postgres", System.getenv("PATH"));
            Run ok = run(DbClients.tunnelCommand("postgres", psql, listener.port(), pgUser, "postgres",
                    List.of("-Atc", "select 41 + 1")));
            assertEquals(0, ok.exit, ok.output);
            assertEquals("42", ok.output.strip());
            assertEquals("alpn=gatehouse-postgres cert=CN=alice,O=dev", proxy.seen.poll(5, TimeUnit.SECONDS));

            Run failed = run(DbClients.tunnelCommand("postgres", psql, listener.port(), pgUser, "postgres",
                    List.of("-v", "ON_ERROR_STOP=1", "-Atc", "select no_such_column")));
            assertTrue(failed.exit != 0, failed.output);
            assertTrue(failed.output.contains("no_such_column"), failed.output);
        }
    }

    @Test
    void mariadbRunsAQueryThroughTheTunnelWithoutSsl() throws Exception {
        String user = env("GATEHOUSE_MYSQL_USER", "gatehouse");
        DbCertFiles files = login(new DbRoute("shop", "mysql", user, ""));
        KeyPair proxyKey = Keys.generateEcdsaP256();
        X509Certificate proxyCert = new X509CertificateSigner(HOST_CA, HOST_CA_CERT).issueServer(proxyKey.getPublic(),
                "proxy", "proxy.test", List.of("localhost"), List.of("127.0.0.1"), Duration.ofHours(1), 3);
        InetSocketAddress mysql = new InetSocketAddress(env("GATEHOUSE_MYSQL_HOST", "127.0.0.1"),
                Integer.parseInt(env("GATEHOUSE_MYSQL_PORT", "13306")));
        try (FakeDbProxy proxy = new FakeDbProxy(proxyKey, proxyCert, USER_CA_CERT, List.of(TlsRouting.MYSQL),
                mysql);
                LocalProxy listener = LocalProxy.start(0, new DbUpstream(files, true, "127.0.0.1", proxy.port(),
                        expired -> expired, m -> { }, Clock.systemUTC()), m -> { })) {
            String client = DbClients.findProgram("mysql", System.getenv("PATH"));
            // The password stands in for what the agent does for a password-only database.
            Run ok = run(DbClients.tunnelCommand("mysql", client, listener.port(), user, "", List.of("-N", "-B", "-e",
                    "SELECT 41 + 1")), Map.of("MYSQL_PWD", mysqlPassword()));
            assertEquals(0, ok.exit, ok.output);
            assertEquals("42", ok.output.strip());
            assertEquals("alpn=gatehouse-mysql cert=CN=alice,O=dev", proxy.seen.poll(5, TimeUnit.SECONDS));
        }
    }

    record Run(int exit, String output) {
    }

    /** psql as the test database's user: its password, when the PostgreSQL in use wants one (deploy/test.sh's). */
    private static Run run(List<String> cmd) throws Exception {
        String password = System.getenv("GATEHOUSE_TEST_PG_PASSWORD");
        return run(cmd, password == null || password.isEmpty() ? Map.of() : Map.of("PGPASSWORD", password));
    }

    private static Run run(List<String> cmd, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "psql did not end: " + out);
        return new Run(p.exitValue(), out);
    }

    private DbCertFiles login(DbRoute route) throws Exception {
        KeyPair key = Keys.generateEcdsaP256();
        Instant now = Instant.now();
        UserIdentity id = new UserIdentity("alice", List.of("dev"), Map.of(), List.of(), now.minusSeconds(60),
                now.plusSeconds(3600), route.toRouting(), false, false, Optional.empty());
        X509Certificate cert = new X509CertificateSigner(USER_CA, USER_CA_CERT).issueUser(key.getPublic(), id, 5);
        DbCertFiles files = new DbCertFiles(dir.resolve("alice-db"), route.service());
        files.write(Keys.sshPrivateKeyPem(key), Keys.certificateToPem(cert), List.of(Keys.certificateToPem(
                HOST_CA_CERT)));
        return files;
    }

    /**
     * GATEHOUSE_MYSQL_PASSWORD_FILE, else the copy deploy/mariadb.sh leaves in the checkout's
     * .test-state (as src-shared's MariaDB tests find it).
     */
    private static String mysqlPassword() throws java.io.IOException {
        String file = System.getenv("GATEHOUSE_MYSQL_PASSWORD_FILE");
        Path p = file != null && !file.isEmpty() ? Path.of(file)
                : Path.of("").toAbsolutePath().resolveSibling(".test-state").resolve("mysql-password");
        if (!java.nio.file.Files.isReadable(p)) {
            throw new java.io.IOException("no MariaDB password at " + p + ": run deploy/mariadb.sh ensure .test-state "
                    + "(deploy/test.sh does) or set GATEHOUSE_MYSQL_PASSWORD_FILE");
        }
        return java.nio.file.Files.readString(p).strip();
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
