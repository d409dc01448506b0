package io.gatehouse.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.e2e.support.Agent;
import io.gatehouse.e2e.support.Cluster;
import io.gatehouse.e2e.support.DbClients;
import io.gatehouse.e2e.support.DemoDatabases;
import io.gatehouse.e2e.support.SharedCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults mid-query: the database's session killed, or the agent serving it killed. The client
 * gets an error in its own protocol within 5 s; the other agent and its sessions keep running.
 */
@SharedCluster
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DatabaseFaultsReachTheClientQuickly {
    private static Cluster cluster;
    private static Agent doomed;
    private static Agent steady;
    private static DbClients gina;
    @TempDir
    static Path dir;

    @BeforeAll
    static void start(Cluster shared) throws Exception {
        cluster = shared;
        DemoDatabases.forCluster(cluster);
        doomed = agentServing("faults-doomed", "doomed");
        steady = agentServing("faults-steady", "steady");
        Path role = dir.resolve("role.yaml");
        Files.writeString(role, """
                kind: role
                version: v1
                metadata: {name: db-faults}
                spec:
                  allow:
                    db_labels: {env: dbfaults}
                    db_users: [app]
                    db_names: [orders]
                """);
        assertEquals(0, cluster.gatectl("create", "-f", role.toString()).exit());
        gina = DbClients.loggedIn(cluster, dir, "dbgina", "db-faults");
        gina.waitOnline("doomed-postgres", "doomed-mariadb", "steady-postgres");
    }

    private static Agent agentServing(String agent, String prefix) throws Exception {
        return new Agent(cluster, agent, "tunnel", Map.of("env", "dbfaults"), null).withDatabases("""
                  - name: %s-postgres
                    protocol: postgres
                    uri: localhost:%d
                    labels: {env: dbfaults}
                  - name: %s-mariadb
                    protocol: mysql
                    uri: localhost:%d
                    labels: {env: dbfaults}
                """.formatted(prefix, DemoDatabases.PG_PORT, prefix, DemoDatabases.MYSQL_PORT)).start();
    }

    @AfterAll
    static void stop() {
        if (gina != null) {
            gina.close();
        }
        for (Agent a : new Agent[] {doomed, steady}) {
            if (a != null) {
                a.close();
            }
        }
    }

    @Test
    @Order(1)
    void aKilledPostgresSessionIsAnErrorInPsqlWithinFiveSeconds() throws Exception {
        int port = gina.proxyDb("doomed-postgres", "app", "orders");
        Process psql = new ProcessBuilder("psql", "-X", "-c", "select pg_sleep(60) /* faults-pg */",
                "host=127.0.0.1 port=" + port + " user=app dbname=orders sslmode=disable").redirectErrorStream(true)
                .start();
        DbClients.waitForQuery("faults-pg", Duration.ofSeconds(10));
        Instant killed = Instant.now();
        DemoDatabases.postgresAdmin("postgres", "select pg_terminate_backend(pid) from pg_stat_activity where query "
                + "like '%faults-pg%' and pid <> pg_backend_pid()");
        assertTrue(psql.waitFor(5, TimeUnit.SECONDS), "psql ended within 5 s of the kill");
        String out = new String(psql.getInputStream().readAllBytes());
        assertNotEquals(0, psql.exitValue(), out);
        assertTrue(out.contains("terminat") || out.contains("connection"), out);
        assertTrue(Duration.between(killed, Instant.now()).toSeconds() < 5);
    }

    @Test
    @Order(2)
    void aKilledMariadbSessionIsAnErrorInTheClientWithinFiveSeconds() throws Exception {
        int port = gina.proxyDb("doomed-mariadb", "app", "orders");
        Process client = new ProcessBuilder("mariadb", "-h", "127.0.0.1", "-P", String.valueOf(port), "-u", "app",
                "--skip-ssl", "orders", "-e", "SELECT SLEEP(60), 'faults-my'").redirectErrorStream(true).start();
        String id = "";
        for (int i = 0; i < 100 && id.isEmpty(); i++) {
            id = DemoDatabases.mariadbAdmin("SELECT id FROM information_schema.processlist WHERE info LIKE "
                    + "'%faults-my%' AND id <> CONNECTION_ID()").out().strip();
            Thread.sleep(100);
        }
        assertTrue(id.matches("[0-9]+"), "the query runs: " + id);
        DemoDatabases.mariadbAdmin("KILL " + id);
        assertTrue(client.waitFor(5, TimeUnit.SECONDS), "the client ended within 5 s of the kill");
        String out = new String(client.getInputStream().readAllBytes());
        assertNotEquals(0, client.exitValue(), out);
        assertTrue(out.contains("ERROR"), out);
    }

    @Test
    @Order(3)
    void aKilledAgentIsAnErrorWithinFiveSecondsAndTheOtherAgentsSessionGoesOn() throws Exception {
        int doomedPort = gina.proxyDb("doomed-postgres", "app", "orders");
        int steadyPort = gina.proxyDb("steady-postgres", "app", "orders");
        Process onDoomed = new ProcessBuilder("psql", "-X", "-c", "select pg_sleep(60) /* faults-agent */",
                "host=127.0.0.1 port=" + doomedPort + " user=app dbname=orders sslmode=disable")
                .redirectErrorStream(true).start();
        // A session on the other agent, mid-way through a query of its own.
        Process onSteady = new ProcessBuilder("psql", "-X", "-At", "-c", "select pg_sleep(4), 'steady-done'",
                "host=127.0.0.1 port=" + steadyPort + " user=app dbname=orders sslmode=disable")
                .redirectErrorStream(true).start();
        DbClients.waitForQuery("faults-agent", Duration.ofSeconds(10));
        Instant killed = Instant.now();
        doomed.kill();
        assertTrue(onDoomed.waitFor(5, TimeUnit.SECONDS), "psql ended within 5 s of the agent's death");
        String out = new String(onDoomed.getInputStream().readAllBytes());
        assertNotEquals(0, onDoomed.exitValue(), out);
        assertTrue(Duration.between(killed, Instant.now()).toSeconds() < 5);
        assertTrue(onSteady.waitFor(30, TimeUnit.SECONDS));
        assertEquals("steady-done", new String(onSteady.getInputStream().readAllBytes()).strip().replaceAll(".*\\|",
                ""), "the other agent's session finished its query");
        assertEquals("1", DbClients.psql(steadyPort, "orders", "select 1").out().strip(), "and takes new ones");
    }
}
