package io.gatehouse.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.e2e.support.Agent;
import io.gatehouse.e2e.support.Cluster;
import io.gatehouse.e2e.support.DbClients;
import io.gatehouse.e2e.support.DemoDatabases;
import io.gatehouse.e2e.support.ProxyCalls;
import io.gatehouse.e2e.support.SharedCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An auditor reads what a user ran on a database: each statement once (simple and extended
 * protocol, PostgreSQL and MariaDB), with the user, the database user and the session; a statement
 * with terminal escapes or a megabyte of text appears escaped and truncated, never raw; and no
 * statement text reaches the agent's or the proxy's log.
 */
@SharedCluster
class AuditorReadsEachDatabaseStatementOnce {
    private static Cluster cluster;
    private static Agent agent;
    private static DbClients frank;
    @TempDir
    static Path dir;

    @BeforeAll
    static void start(Cluster shared) throws Exception {
        cluster = shared;
        DemoDatabases.forCluster(cluster);
        agent = new Agent(cluster, "db-audit", "tunnel", Map.of("env", "dbaudit"), null).withDatabases("""
                  - name: audit-postgres
                    protocol: postgres
                    uri: localhost:%d
                    labels: {env: dbaudit}
                  - name: audit-mariadb
                    protocol: mysql
                    uri: localhost:%d
                    labels: {env: dbaudit}
                """.formatted(DemoDatabases.PG_PORT, DemoDatabases.MYSQL_PORT)).start();
        Path role = dir.resolve("role.yaml");
        Files.writeString(role, """
                kind: role
                version: v1
                metadata: {name: db-audited}
                spec:
                  allow:
                    db_labels: {env: dbaudit}
                    db_users: [app]
                    db_names: [orders]
                """);
        assertEquals(0, cluster.gatectl("create", "-f", role.toString()).exit());
        frank = DbClients.loggedIn(cluster, dir, "dbfrank", "db-audited");
        frank.waitOnline("audit-postgres", "audit-mariadb");
    }

    @AfterAll
    static void stop() {
        if (frank != null) {
            frank.close();
        }
        if (agent != null) {
            agent.close();
        }
    }

    @Test
    void eachStatementIsAuditedOnceEscapedAndBounded() throws Exception {
        String marker = "m" + UUID.randomUUID().toString().substring(0, 8);
        int pg = frank.proxyDb("audit-postgres", "app", "orders");
        assertEquals(0, DbClients.psql(pg, "orders", "select '" + marker + "-simple'").exit());
        // pgbench -M extended runs its statement through Parse/Bind/Execute, with a parameter.
        Path script = dir.resolve("bench.sql");
        Files.writeString(script, "\\set v 42\nselect '" + marker + "-extended', :v;\n");
        var bench = io.gatehouse.e2e.support.Proc.run(List.of("pgbench", "-n", "-M", "extended", "-t", "1", "-f",
                script.toString(), "host=127.0.0.1 port=" + pg + " user=app sslmode=disable dbname=orders"), Map.of(),
                java.time.Duration.ofSeconds(60));
        assertEquals(0, bench.exit(), bench.toString());
        assertEquals(0, DbClients.psql(pg, "orders", "select '" + marker + "-\u001b[31m-red'").exit());
        // A megabyte of statement (from a file: a command-line argument cannot be that long).
        Path big = dir.resolve("big.sql");
        Files.writeString(big, "select length('" + marker + "-big-" + "y".repeat(1 << 20) + "');\n");
        assertEquals(0, io.gatehouse.e2e.support.Proc.run(List.of("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-f",
                big.toString(), "host=127.0.0.1 port=" + pg + " user=app sslmode=disable dbname=orders"), Map.of(),
                java.time.Duration.ofSeconds(60)).exit());
        int my = frank.proxyDb("audit-mariadb", "app", "orders");
        assertEquals(0, DbClients.mariadb(my, "orders", List.of(), null, "SELECT '" + marker + "-maria'").exit());

        List<JsonNode> queries = queriesContaining(marker, 6);
        assertEquals(1, count(queries, marker + "-simple"), "the simple query once: " + queries);
        assertEquals(1, count(queries, marker + "-extended"), "the extended query once: " + queries);
        assertEquals(1, count(queries, marker + "-maria"), "the MariaDB query once: " + queries);
        JsonNode extended = find(queries, marker + "-extended");
        assertTrue(extended.toString().contains("42"), "the bound parameter is recorded: " + extended);
        JsonNode red = find(queries, marker + "-");
        for (JsonNode q : queries) {
            String text = q.path("fields").path("query").asText();
            assertFalse(text.contains("\u001b"), "no raw escape in " + text);
            assertTrue(text.length() <= 8192, "bounded: " + text.length());
            assertEquals("dbfrank", q.path("user").asText());
            assertEquals("app", q.path("fields").path("db_user").asText());
        }
        assertTrue(queries.stream().anyMatch(q -> q.path("fields").path("query").asText().contains(marker + "-")
                && q.path("fields").path("query").asText().contains("[31m")), "the escaped statement: " + red);
        assertFalse(agent.log().contains(marker) || cluster.log("proxy").contains(marker),
                "statement text is in no log file");
    }

    private static List<JsonNode> queriesContaining(String marker, int expected) throws Exception {
        ProxyCalls admin = new ProxyCalls(cluster.adminIdentity(), cluster.port());
        List<JsonNode> found = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            found.clear();
            for (JsonNode e : admin.get("/v1/audit/events?type=db.session.query&user=dbfrank&limit=500").body()
                    .path("events")) {
                if (e.path("fields").path("query").asText().contains(marker)) {
                    found.add(e);
                }
            }
            if (found.size() >= expected) {
                break;
            }
            Thread.sleep(500);
        }
        return found;
    }

    private static long count(List<JsonNode> events, String text) {
        return events.stream().filter(e -> e.path("fields").path("query").asText().contains(text)).count();
    }

    private static JsonNode find(List<JsonNode> events, String text) {
        return events.stream().filter(e -> e.path("fields").path("query").asText().contains(text)).findFirst()
                .orElseThrow(() -> new AssertionError("no audited statement with " + text + ": " + events));
    }
}
