package io.gatehouse.proxy.db.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.proxy.db.DbTestRig;
import io.gatehouse.shared.db.DbRoute;
import io.gatehouse.shared.routing.TlsRouting;
import io.gatehouse.shared.tunnel.ServiceRequest;
import java.io.DataOutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The real psql through the PostgreSQL front: tunnel mode, psql's own TLS straight at the web port, refusals, cancel. */
class PostgresFrontTest {
    private static final Duration PSQL = Duration.ofSeconds(30);
    private static final DbRoute APP_ON_ORDERS = new DbRoute("orders-db", "postgres", "app", "orders");

    private final FakePostgresAgent agent = new FakePostgresAgent();
    private DbTestRig rig;

    @BeforeEach
    void start() throws Exception {
        rig = new DbTestRig(agent);
    }

    @AfterEach
    void stop() throws Exception {
        rig.close();
    }

    private DbTestRig.Run psqlTunnel(DbTestRig.Issued cert, String user, String db, String sql) throws Exception {
        int port = rig.forwarder(TlsRouting.POSTGRES, Optional.of(cert));
        return rig.run(PSQL, "psql", "host=127.0.0.1 port=" + port + " user=" + user + " dbname=" + db
                + " sslmode=disable gssencmode=disable", "-X", "-At", "-c", sql);
    }

    /** psql as a user runs it with the certificate gate db login writes: verify-full, straight at :3080. */
    private DbTestRig.Run psqlDirect(Optional<DbTestRig.Issued> cert, String user, String db, String sql)
            throws Exception {
        String tls = "sslmode=verify-full sslrootcert=" + rig.rootCa() + cert.map(c -> " sslcert=" + c.cert()
                + " sslkey=" + c.key()).orElse(" sslcert=" + rig.dir.resolve("none.crt") + " sslkey="
                + rig.dir.resolve("none.key"));
        return rig.run(PSQL, "psql", "host=localhost hostaddr=127.0.0.1 port=" + rig.routerPort() + " user=" + user
                + " dbname=" + db + " gssencmode=disable " + tls, "-X", "-At", "-c", sql);
    }

    @Test
    void psqlThroughTheTunnelReachesTheAgentWithTheRouteAndItsStartupParameters() throws Exception {
        DbTestRig.Run run = psqlTunnel(rig.userCertificate("alice", APP_ON_ORDERS), "app", "orders", "select 1");
        assertEquals(0, run.exit(), run.stderr());
        assertEquals("echo:select 1", run.stdout());
        ServiceRequest r = rig.requests.get(0);
        assertEquals("db", r.service());
        assertEquals("orders-db", r.resource());
        assertEquals("app", r.param("db_user"));
        assertEquals("orders", r.param("db_name"));
        assertEquals("psql", r.param("pg.application_name"));
        assertTrue(r.userCertificate().startsWith("-----BEGIN CERTIFICATE-----"), r.userCertificate());
        assertTrue(r.clientAddr().startsWith("/127.0.0.1"), r.clientAddr());
    }

    @Test
    void psqlsSslRequestInsideTheTunnelIsAnsweredNoAndItGoesOnInPlaintext() throws Exception {
        int port = rig.forwarder(TlsRouting.POSTGRES, Optional.of(rig.userCertificate("alice", APP_ON_ORDERS)));
        DbTestRig.Run run = rig.run(PSQL, "psql", "host=127.0.0.1 port=" + port + " user=app dbname=orders "
                + "sslmode=prefer gssencmode=disable", "-X", "-At", "-c", "select 5");
        assertEquals(0, run.exit(), run.stderr());
        assertEquals("echo:select 5", run.stdout());
    }

    @Test
    void psqlWithItsOwnTlsStraightAtTheWebPortIsServed() throws Exception {
        DbTestRig.Run run = psqlDirect(Optional.of(rig.userCertificate("alice", APP_ON_ORDERS)), "app", "orders",
                "select 2");
        assertEquals(0, run.exit(), run.stderr());
        assertEquals("echo:select 2", run.stdout());
        assertEquals(1, rig.requests.size());
    }

    @Test
    void psqlsOwnTlsInsideTheRoutedTlsIsServed() throws Exception {
        // gate proxy db without --tunnel: the outer TLS carries no certificate, psql's SSLRequest gets 'S'.
        DbTestRig.Issued cert = rig.userCertificate("alice", APP_ON_ORDERS);
        int port = rig.forwarder(TlsRouting.POSTGRES, Optional.empty());
        DbTestRig.Run run = rig.run(PSQL, "psql", "host=localhost hostaddr=127.0.0.1 port=" + port + " user=app "
                + "dbname=orders gssencmode=disable sslmode=verify-full sslrootcert=" + rig.rootCa() + " sslcert="
                + cert.cert() + " sslkey=" + cert.key(), "-X", "-At", "-c", "select 4");
        assertEquals(0, run.exit(), run.stderr());
        assertEquals("echo:select 4", run.stdout());
    }

    @Test
    void psqlWithoutTlsThroughTheRoutedTlsWithoutACertificateIsRefused() throws Exception {
        int port = rig.forwarder(TlsRouting.POSTGRES, Optional.empty());
        DbTestRig.Run run = rig.run(PSQL, "psql", "host=127.0.0.1 port=" + port + " user=app dbname=orders "
                + "sslmode=disable gssencmode=disable", "-X", "-At", "-c", "select 1");
        assertNotEquals(0, run.exit());
        assertTrue(run.stderr().contains("a client certificate is required"), run.stderr());
        assertTrue(rig.requests.isEmpty());
    }

    @Test
    void theClientsDatabaseIsUsedWhenTheRouteNamesNone() throws Exception {
        DbRoute anyDb = new DbRoute("orders-db", "postgres", "app", "");
        DbTestRig.Run run = psqlTunnel(rig.userCertificate("alice", anyDb), "app", "reports", "select 3");
        assertEquals(0, run.exit(), run.stderr());
        assertEquals("reports", rig.requests.get(0).param("db_name"));
    }

    @Test
    void aClientWithoutACertificateIsToldToPresentOne() throws Exception {
        DbTestRig.Run run = psqlDirect(Optional.empty(), "app", "orders", "select 1");
        assertNotEquals(0, run.exit());
        assertTrue(run.stderr().contains("a client certificate is required"), run.stderr());
        assertTrue(rig.requests.isEmpty());
        assertTrue(rig.refusedWith("a client certificate is required"), rig.refusals.toString());
    }

    @Test
    void aCertificateFromAnotherCaIsRefusedBeforeAnyAgentHearsOfIt() throws Exception {
        DbTestRig.Run run = psqlDirect(Optional.of(rig.foreignCertificate("mallory", APP_ON_ORDERS)), "app", "orders",
                "select 1");
        assertNotEquals(0, run.exit());
        assertTrue(rig.requests.isEmpty());
        assertTrue(rig.refusedWith("TLS with the client failed"), rig.refusals.toString());
    }

    @Test
    void aCertificateFromAnotherCaOnTheRoutedTlsIsRefusedAndAudited() throws Exception {
        // openssl presents the certificate whatever CAs the proxy names (Java's client would send none).
        DbTestRig.Issued foreign = rig.foreignCertificate("mallory", APP_ON_ORDERS);
        DbTestRig.Run run = rig.run(PSQL, "openssl", "s_client", "-connect", "127.0.0.1:" + rig.routerPort(),
                "-alpn", TlsRouting.POSTGRES, "-cert", foreign.cert().toString(), "-key", foreign.key().toString(),
                "-CAfile", rig.rootCa().toString(), "-tls1_3");
        assertTrue(rig.refusedWith("TLS with the client failed for gatehouse-postgres"), rig.refusals + " " + run);
        assertTrue(rig.requests.isEmpty());
    }

    @Test
    void aJavaClientWithAForeignCertificateSendsNoneAndIsToldToPresentOne() throws Exception {
        int port = rig.forwarder(TlsRouting.POSTGRES, Optional.of(rig.foreignCertificate("mallory", APP_ON_ORDERS)));
        DbTestRig.Run run = rig.run(PSQL, "psql", "host=127.0.0.1 port=" + port + " user=app dbname=orders "
                + "sslmode=disable gssencmode=disable", "-X", "-At", "-c", "select 1");
        assertNotEquals(0, run.exit());
        assertTrue(run.stderr().contains("a client certificate is required"), run.stderr());
        assertTrue(rig.requests.isEmpty());
    }

    @Test
    void aDatabaseUserOtherThanTheRoutesIsRefusedWithTheLoginToRun() throws Exception {
        DbTestRig.Run run = psqlTunnel(rig.userCertificate("alice", APP_ON_ORDERS), "postgres", "orders", "select 1");
        assertNotEquals(0, run.exit());
        assertTrue(run.stderr().contains("this certificate is for database user 'app' on 'orders-db'; run gate db "
                + "login orders-db --db-user=postgres"), run.stderr());
        assertTrue(rig.requests.isEmpty());
        assertEquals(1, rig.refusals.size());
    }

    @Test
    void aDatabaseNameOtherThanTheRoutesIsRefused() throws Exception {
        DbTestRig.Run run = psqlTunnel(rig.userCertificate("alice", APP_ON_ORDERS), "app", "postgres", "select 1");
        assertNotEquals(0, run.exit());
        assertTrue(run.stderr().contains("this certificate is for database 'orders' on 'orders-db'"), run.stderr());
        assertTrue(rig.requests.isEmpty());
    }

    @Test
    void aDatabaseUserNoRoleAllowsIsRefusedNamingTheUser() throws Exception {
        DbRoute asPostgres = new DbRoute("orders-db", "postgres", "postgres", "orders");
        DbTestRig.Run run = psqlTunnel(rig.userCertificate("alice", asPostgres), "postgres", "orders", "select 1");
        assertNotEquals(0, run.exit());
        assertTrue(run.stderr().contains("no role of alice allows database user 'postgres' and database 'orders' on "
                + "'orders-db'"), run.stderr());
        assertTrue(rig.requests.isEmpty());
    }

    @Test
    void aDeniedDatabaseNameIsRefused() throws Exception {
        DbRoute anyDb = new DbRoute("orders-db", "postgres", "app", "");
        DbTestRig.Run run = psqlTunnel(rig.userCertificate("alice", anyDb), "app", "secrets", "select 1");
        assertNotEquals(0, run.exit());
        assertTrue(run.stderr().contains("role 'db-dev' denies database user 'app' and database 'secrets' on 'orders-db' for alice"), run.stderr());
    }

    @Test
    void anUnknownDatabaseIsRefused() throws Exception {
        DbRoute nowhere = new DbRoute("billing-db", "postgres", "app", "orders");
        DbTestRig.Run run = psqlTunnel(rig.userCertificate("alice", nowhere), "app", "orders", "select 1");
        assertNotEquals(0, run.exit());
        assertTrue(run.stderr().contains("no postgres database named 'billing-db'"), run.stderr());
    }

    @Test
    void aReplicationConnectionIsRefused() throws Exception {
        int port = rig.forwarder(TlsRouting.POSTGRES, Optional.of(rig.userCertificate("alice", APP_ON_ORDERS)));
        DbTestRig.Run run = rig.run(PSQL, "psql", "host=127.0.0.1 port=" + port + " user=app dbname=orders "
                + "sslmode=disable gssencmode=disable replication=database", "-X", "-At", "-c", "IDENTIFY_SYSTEM");
        assertNotEquals(0, run.exit());
        assertTrue(run.stderr().contains("replication connections are not allowed"), run.stderr());
        assertTrue(rig.requests.isEmpty());
    }

    @Test
    void theAgentsRefusalReachesPsqlInItsProtocol() throws Exception {
        DbRoute anyDb = new DbRoute("orders-db", "postgres", "app", "");
        DbTestRig.Run run = psqlTunnel(rig.userCertificate("alice", anyDb), "app", "archive", "select 1");
        assertNotEquals(0, run.exit());
        assertTrue(run.stderr().contains("database \"archive\" does not exist on orders-db"), run.stderr());
    }

    @Test
    void aRowLargerThanEveryBufferReachesPsqlWhole() throws Exception {
        DbTestRig.Run run = psqlTunnel(rig.userCertificate("alice", APP_ON_ORDERS), "app", "orders", "select 'big row'");
        assertEquals(0, run.exit(), run.stderr());
        assertEquals(FakePostgresAgent.BIG_ROW, run.stdout().length());
        assertTrue(run.stdout().chars().allMatch(c -> c == 'x'));
    }

    @Test
    void anAgentThatGoesAwayMidSessionIsReportedToPsqlInItsProtocol() throws Exception {
        DbTestRig.Run run = psqlTunnel(rig.userCertificate("alice", APP_ON_ORDERS), "app", "orders",
                "select 'agent dies'");
        assertNotEquals(0, run.exit());
        assertTrue(run.stderr().contains("FATAL:  the connection to the agent serving database 'orders-db' was lost"),
                run.stderr());
    }

    @Test
    void aCancelRequestOnTheWebPortReachesTheAgentServingTheSession() throws Exception {
        cancelsASleepingQuery(rig.routerPort());
    }

    @Test
    void aCancelRequestInsideTheRoutedTlsReachesTheAgentServingTheSession() throws Exception {
        cancelsASleepingQuery(rig.forwarder(TlsRouting.POSTGRES, Optional.empty()));
    }

    private void cancelsASleepingQuery(int cancelPort) throws Exception {
        DbTestRig.Issued cert = rig.userCertificate("alice", APP_ON_ORDERS);
        CompletableFuture<DbTestRig.Run> sleeping = CompletableFuture.supplyAsync(() -> {
            try {
                return psqlTunnel(cert, "app", "orders", "select pg_sleep(30)");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertTrue(agent.sleeping.await(20, TimeUnit.SECONDS), "the query never reached the agent");
        sendCancel(cancelPort, FakePostgresAgent.PROCESS_ID, new byte[] {9, 9, 9, 9}); // a wrong secret: dropped
        long start = System.nanoTime();
        sendCancel(cancelPort, FakePostgresAgent.PROCESS_ID, FakePostgresAgent.SECRET);
        DbTestRig.Run run = sleeping.get(10, TimeUnit.SECONDS);
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 2000);
        assertNotEquals(0, run.exit());
        assertTrue(run.stderr().contains("canceling statement due to user request"), run.stderr());
        assertEquals(java.util.List.of(FakePostgresAgent.PROCESS_ID + ":" + HexFormat.of().formatHex(
                FakePostgresAgent.SECRET)), agent.cancels);
    }

    /** As libpq's PQcancel: a CancelRequest on a connection of its own, straight at the web port. */
    private static void sendCancel(int port, int processId, byte[] secret) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            out.writeInt(16);
            out.writeInt(80877102);
            out.writeInt(processId);
            out.write(secret);
            out.flush();
            assertEquals(-1, s.getInputStream().read()); // the proxy closes without an answer, as PostgreSQL does
        }
    }
}
