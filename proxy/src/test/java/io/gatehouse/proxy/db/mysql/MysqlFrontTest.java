package io.gatehouse.proxy.db.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.proxy.db.DbTestRig;
import io.gatehouse.shared.db.DbRoute;
import io.gatehouse.shared.db.mysql.Capabilities;
import io.gatehouse.shared.routing.TlsRouting;
import io.gatehouse.shared.tunnel.ServiceRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The real mariadb client through the MySQL front: tunnel mode, the client's own TLS, refusals as ERR packets. */
class MysqlFrontTest {
    private static final Duration CLIENT = Duration.ofSeconds(30);
    private static final DbRoute APP_ON_SHOP = new DbRoute("shop-db", "mysql", "app", "shop");

    private final FakeMysqlAgent agent = new FakeMysqlAgent();
    private DbTestRig rig;

    @BeforeEach
    void start() throws Exception {
        rig = new DbTestRig(agent);
    }

    @AfterEach
    void stop() throws Exception {
        rig.close();
    }

    private DbTestRig.Run mariadb(int port, String user, String db, List<String> tls, String sql) throws Exception {
        List<String> command = new ArrayList<>(List.of("mariadb", "--no-defaults", "--protocol=tcp", "-h",
                "127.0.0.1", "-P", Integer.toString(port), "-u", user, "-pignored", "-N", "-B"));
        command.addAll(tls);
        command.addAll(List.of("-e", sql));
        if (!db.isEmpty()) {
            command.add(db);
        }
        return rig.run(CLIENT, command.toArray(String[]::new));
    }

    private DbTestRig.Run tunnel(DbTestRig.Issued cert, String user, String db, String sql) throws Exception {
        return mariadb(rig.forwarder(TlsRouting.MYSQL, Optional.of(cert)), user, db, List.of("--skip-ssl"), sql);
    }

    private DbTestRig.Run ownTls(Optional<DbTestRig.Issued> cert, String user, String db, String sql)
            throws Exception {
        int port = rig.forwarder(TlsRouting.MYSQL, Optional.empty());
        List<String> tls = new ArrayList<>(List.of("--ssl", "--ssl-ca=" + rig.rootCa()));
        cert.ifPresent(c -> tls.addAll(List.of("--ssl-cert=" + c.cert(), "--ssl-key=" + c.key())));
        return mariadb(port, user, db, tls, sql);
    }

    @Test
    void mariadbThroughTheTunnelReachesTheAgentWithTheRouteAndHandshake() throws Exception {
        DbTestRig.Run run = tunnel(rig.userCertificate("alice", APP_ON_SHOP), "app", "shop", "SELECT 1");
        assertEquals(0, run.exit(), run.stderr());
        assertEquals("echo:SELECT 1", run.stdout());
        ServiceRequest r = rig.requests.get(0);
        assertEquals("shop-db", r.resource());
        assertEquals("app", r.param("db_user"));
        assertEquals("shop", r.param("db_name"));
        assertEquals("1", r.param("mysql.sequence"));
        long caps = Long.parseUnsignedLong(r.param("mysql.capabilities"));
        assertTrue(Capabilities.has(caps, Capabilities.PROTOCOL_41));
        assertTrue(!Capabilities.has(caps, Capabilities.SSL), "no SSL inside the tunnel");
        assertTrue(!r.param("mysql.charset").isEmpty() && !r.param("mysql.max_packet").isEmpty());
    }

    @Test
    void mariadbWithItsOwnTlsAndCertificateIsServed() throws Exception {
        DbTestRig.Run run = ownTls(Optional.of(rig.userCertificate("alice", APP_ON_SHOP)), "app", "shop", "SELECT 2");
        assertEquals(0, run.exit(), run.stderr());
        assertEquals("echo:SELECT 2", run.stdout());
        assertEquals("2", rig.requests.get(0).param("mysql.sequence")); // the HandshakeResponse followed the SSL request
    }

    @Test
    void anAgentThatGoesAwayMidSessionIsReportedAsAnErrInSequence() throws Exception {
        DbTestRig.Run run = tunnel(rig.userCertificate("alice", APP_ON_SHOP), "app", "shop", "SELECT 'agent dies'");
        assertNotEquals(0, run.exit());
        assertTrue(run.stderr().contains("ERROR 1053 (08S01)") && run.stderr().contains("the connection to the agent "
                + "serving database 'shop-db' was lost"), run.stderr());
    }

    @Test
    void theRoutesDatabaseIsUsedWhenTheClientNamesNone() throws Exception {
        DbTestRig.Run run = tunnel(rig.userCertificate("alice", APP_ON_SHOP), "app", "", "SELECT 3");
        assertEquals(0, run.exit(), run.stderr());
        assertEquals("shop", rig.requests.get(0).param("db_name"));
    }

    @Test
    void aClientWithoutACertificateGetsAnAccessDeniedError() throws Exception {
        DbTestRig.Run run = ownTls(Optional.empty(), "app", "shop", "SELECT 1");
        assertNotEquals(0, run.exit());
        assertTrue(run.stderr().contains("ERROR 1045 (28000)") && run.stderr().contains(
                "a client certificate is required"), run.stderr());
        assertTrue(rig.requests.isEmpty());
    }

    @Test
    void aClientThatWillNotUpgradeIsToldToUseItsCertificate() throws Exception {
        int port = rig.forwarder(TlsRouting.MYSQL, Optional.empty());
        DbTestRig.Run run = mariadb(port, "app", "shop", List.of("--skip-ssl"), "SELECT 1");
        assertNotEquals(0, run.exit());
        assertTrue(run.stderr().contains("a client certificate is required"), run.stderr());
        assertTrue(rig.requests.isEmpty());
    }

    @Test
    void aCertificateFromAnotherCaIsRefused() throws Exception {
        DbTestRig.Run run = ownTls(Optional.of(rig.foreignCertificate("mallory", APP_ON_SHOP)), "app", "shop",
                "SELECT 1");
        assertNotEquals(0, run.exit());
        assertTrue(rig.requests.isEmpty());
        assertTrue(rig.refusedWith("TLS with the client failed"), rig.refusals.toString());
    }

    @Test
    void anotherDatabaseUserIsRefusedAs1045() throws Exception {
        DbTestRig.Run run = tunnel(rig.userCertificate("alice", APP_ON_SHOP), "root", "shop", "SELECT 1");
        assertNotEquals(0, run.exit());
        assertTrue(run.stderr().contains("ERROR 1045 (28000)") && run.stderr().contains(
                "this certificate is for database user 'app' on 'shop-db'"), run.stderr());
        assertTrue(rig.requests.isEmpty());
    }

    @Test
    void anotherDatabaseIsRefusedAs1044() throws Exception {
        DbTestRig.Run run = tunnel(rig.userCertificate("alice", APP_ON_SHOP), "app", "mysql", "SELECT 1");
        assertNotEquals(0, run.exit());
        assertTrue(run.stderr().contains("ERROR 1044 (42000)") && run.stderr().contains(
                "this certificate is for database 'shop' on 'shop-db'"), run.stderr());
    }

    @Test
    void aPostgresCertificateIsRefusedByTheMysqlFront() throws Exception {
        DbRoute pg = new DbRoute("orders-db", "postgres", "app", "orders");
        DbTestRig.Run run = tunnel(rig.userCertificate("alice", pg), "app", "orders", "SELECT 1");
        assertNotEquals(0, run.exit());
        assertTrue(run.stderr().contains("this certificate is for the postgres database 'orders-db'"), run.stderr());
    }

    @Test
    void theAgentsRefusalReachesTheClientAsAnErrPacket() throws Exception {
        DbRoute anyDb = new DbRoute("shop-db", "mysql", "app", "");
        DbTestRig.Run run = tunnel(rig.userCertificate("alice", anyDb), "app", "archive", "SELECT 1");
        assertNotEquals(0, run.exit());
        assertTrue(run.stderr().contains("ERROR 1045 (28000)") && run.stderr().contains(
                "Unknown database 'archive' on shop-db"), run.stderr());
    }
}
