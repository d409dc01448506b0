package io.gatehouse.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.e2e.support.Agent;
import io.gatehouse.e2e.support.Cluster;
import io.gatehouse.e2e.support.DbClients;
import io.gatehouse.e2e.support.DemoDatabases;
import io.gatehouse.e2e.support.Proc;
import io.gatehouse.e2e.support.ProxyCalls;
import io.gatehouse.e2e.support.SharedCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user whose role allows database user "app" on database "orders" reaches nothing else, by any
 * path a client offers: another database user or database at login, in the start-up message
 * (PostgreSQL and MySQL), mid-session (`USE`, the client's `use` command); every refusal is a clear
 * error in the client and an audit event.
 */
@SharedCluster
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DatabaseAccessStaysWithinTheRoles {
    private static Cluster cluster;
    private static Agent agent;
    private static DbClients erin;
    @TempDir
    static Path dir;

    @BeforeAll
    static void start(Cluster shared) throws Exception {
        cluster = shared;
        DemoDatabases.forCluster(cluster);
        agent = new Agent(cluster, "db-limits", "tunnel", Map.of("env", "dblimits"), null).withDatabases("""
                  - name: limits-postgres
                    protocol: postgres
                    uri: localhost:%d
                    labels: {env: dblimits}
                  - name: limits-mariadb
                    protocol: mysql
                    uri: localhost:%d
                    labels: {env: dblimits}
                """.formatted(DemoDatabases.PG_PORT, DemoDatabases.MYSQL_PORT)).start();
        Path role = dir.resolve("role.yaml");
        Files.writeString(role, """
                kind: role
                version: v1
                metadata: {name: db-orders-app}
                spec:
                  allow:
                    db_labels: {env: dblimits}
                    db_users: [app]
                    db_names: [orders]
                """);
        assertEquals(0, cluster.gatectl("create", "-f", role.toString()).exit());
        erin = DbClients.loggedIn(cluster, dir, "dberin", "db-orders-app");
        erin.waitOnline("limits-postgres", "limits-mariadb");
    }

    @AfterAll
    static void stop() {
        if (erin != null) {
            erin.close();
        }
        if (agent != null) {
            agent.close();
        }
    }

    @Test
    @Order(1)
    void anotherDatabaseUserOrDatabaseIsRefusedAtLogin() {
        var user = erin.gate("db", "login", "limits-postgres", "--db-user=postgres", "--db-name=orders");
        assertNotEquals(0, user.exit(), user.toString());
        assertTrue(user.err().contains("postgres") && user.err().contains("limits-postgres"), user.err());
        var db = erin.gate("db", "login", "limits-postgres", "--db-user=app", "--db-name=payroll");
        assertNotEquals(0, db.exit(), db.toString());
        assertTrue(db.err().contains("payroll"), db.err());
    }

    @Test
    @Order(2)
    void aStartUpMessageNamingAnotherUserOrDatabaseIsRefused() throws Exception {
        int pg = erin.proxyDb("limits-postgres", "app", null);
        assertEquals("1", DbClients.psql(pg, "orders", "select 1").out().strip());
        var otherDb = DbClients.psql(pg, "payroll", "select 1");
        assertNotEquals(0, otherDb.exit());
        assertTrue(otherDb.err().contains("payroll") && otherDb.err().contains("dberin"), otherDb.err());
        var otherUser = Proc.run(List.of("psql", "-X", "-At", "-c", "select 1", "host=127.0.0.1 port=" + pg
                + " user=postgres sslmode=disable dbname=orders"), Map.of(), Duration.ofSeconds(30));
        assertNotEquals(0, otherUser.exit());
        assertTrue(otherUser.err().contains("postgres"), otherUser.err());

        int my = erin.proxyDb("limits-mariadb", "app", null);
        var mariaOther = DbClients.mariadb(my, "payroll", List.of(), null, "SELECT 1");
        assertNotEquals(0, mariaOther.exit());
        assertTrue(mariaOther.err().contains("payroll"), mariaOther.err());
    }

    @Test
    @Order(3)
    void switchingDatabaseMidSessionIsRefusedInMariadb() throws Exception {
        int my = erin.proxyDb("limits-mariadb", "app", "orders");
        var use = DbClients.mariadb(my, "orders", List.of(), null, "SELECT 1; USE payroll; SELECT DATABASE()");
        assertNotEquals(0, use.exit(), use.toString());
        assertTrue(use.err().contains("payroll"), use.err());
        // The client's own `use` command is COM_INIT_DB, refused the same way.
        Path script = dir.resolve("use.sql");
        Files.writeString(script, "use payroll\nSELECT DATABASE();\n");
        var initDb = DbClients.mariadb(my, "orders", List.of(), script, null);
        assertNotEquals(0, initDb.exit(), initDb.toString());
        assertTrue(initDb.err().contains("payroll") && !initDb.out().contains("payroll"), initDb.toString());
    }

    @Test
    @Order(4)
    void everyRefusalIsAudited() throws Exception {
        ProxyCalls admin = new ProxyCalls(cluster.adminIdentity(), cluster.port());
        String events = "";
        for (int i = 0; i < 40 && !(events.contains("payroll") && events.contains("postgres")); i++) {
            JsonNode page = admin.get("/v1/audit/events?type=db.session.refused&user=dberin&limit=100").body();
            events = page.toString();
            Thread.sleep(250);
        }
        assertTrue(events.contains("payroll") && events.contains("limits-postgres"), events);
    }
}
