package io.gatehouse.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.e2e.support.Agent;
import io.gatehouse.e2e.support.Cluster;
import io.gatehouse.e2e.support.DbClients;
import io.gatehouse.e2e.support.DemoDatabases;
import io.gatehouse.e2e.support.ProxyCalls;
import io.gatehouse.e2e.support.SharedCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Access requests grant database roles like any other: a developer whose roles reach no database
 * asks for one that reaches `orders` as database user `app`; a lead approves; she assumes it and
 * works in PostgreSQL and MariaDB through gate with the request's role, and only within it.
 */
@SharedCluster
class DeveloperGetsReviewedDatabaseAccess {
    private static final Pattern REQUEST_ID = Pattern.compile("Request ([0-9a-f-]{36}) ");
    private static Cluster cluster;
    private static Agent agent;
    private static DbClients dora;
    private static DbClients lena;
    @TempDir
    static Path dir;

    @BeforeAll
    static void start(Cluster shared) throws Exception {
        cluster = shared;
        DemoDatabases.forCluster(cluster);
        agent = new Agent(cluster, "db-jit", "tunnel", Map.of("env", "dbjit"), null).withDatabases("""
                  - name: jit-postgres
                    protocol: postgres
                    uri: localhost:%d
                    labels: {env: dbjit}
                  - name: jit-mariadb
                    protocol: mysql
                    uri: localhost:%d
                    labels: {env: dbjit}
                """.formatted(DemoDatabases.PG_PORT, DemoDatabases.MYSQL_PORT)).start();
        Path roles = dir.resolve("roles.yaml");
        Files.writeString(roles, """
                kind: role
                version: v1
                metadata: {name: dbjit-dev}
                spec:
                  allow:
                    request: {roles: [dbjit-orders], max_duration: 1h}
                ---
                kind: role
                version: v1
                metadata: {name: dbjit-orders}
                spec:
                  allow:
                    db_labels: {env: dbjit}
                    db_users: [app]
                    db_names: [orders]
                ---
                kind: role
                version: v1
                metadata: {name: dbjit-lead}
                spec:
                  allow:
                    review_requests: {roles: [dbjit-orders]}
                """);
        var created = cluster.gatectl("create", "-f", roles.toString());
        assertEquals(0, created.exit(), created.toString());
        dora = DbClients.loggedIn(cluster, dir, "dbdora", "dbjit-dev");
        lena = DbClients.loggedIn(cluster, dir, "dblena", "dbjit-lead");
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[] {dora, lena, agent}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // the next one still closes
            }
        }
    }

    @Test
    void anApprovedRequestGrantsTheDatabaseRoleAndNoMore() throws Exception {
        var before = dora.gate("db", "login", "jit-postgres", "--db-user=app", "--db-name=orders");
        assertNotEquals(0, before.exit(), "no role of hers reaches a database yet: " + before);
        assertFalse(dora.gate("db", "ls").out().contains("jit-postgres"), "nor lists one");

        var request = dora.gate("request", "new", "--roles=dbjit-orders", "--reason=INC-42 orders report",
                "--duration=30m");
        assertEquals(0, request.exit(), request.toString());
        Matcher m = REQUEST_ID.matcher(request.out());
        assertTrue(m.find(), request.out());
        String id = m.group(1);
        var approved = lena.gate("request", "review", id, "--approve", "--reason=ok for the report");
        assertEquals(0, approved.exit(), approved.toString());
        var assumed = dora.gate("login", "--request-id=" + id);
        assertEquals(0, assumed.exit(), assumed.toString());
        assertTrue(assumed.out().contains("dbjit-orders"), assumed.out());

        dora.waitOnline("jit-postgres", "jit-mariadb");
        int pg = dora.proxyDb("jit-postgres", "app", "orders");
        var select = DbClients.psql(pg, "orders", "select current_user || '@' || current_database()");
        assertEquals(0, select.exit(), select + "\n--- agent\n" + agent.log());
        assertEquals("app@orders", select.out().strip());
        int my = dora.proxyDb("jit-mariadb", "app", "orders");
        var maria = DbClients.mariadb(my, "orders", java.util.List.of(), null, "SELECT DATABASE()");
        assertEquals(0, maria.exit(), maria + "\n--- agent\n" + agent.log());
        assertEquals("orders", maria.out().strip());

        // Within the request's role only: another database is still refused, in the client's protocol.
        var payroll = DbClients.psql(pg, "payroll", "select 1");
        assertNotEquals(0, payroll.exit(), payroll.toString());
        assertTrue(payroll.err().contains("payroll"), payroll.err());

        // The audit log names the request's user on the session.
        ProxyCalls admin = new ProxyCalls(cluster.adminIdentity(), cluster.port());
        boolean seen = false;
        for (int i = 0; i < 40 && !seen; i++) {
            seen = !admin.get("/v1/audit/events?limit=10&type=db.session.start&user=dbdora").body().path("events")
                    .isEmpty();
            if (!seen) {
                Thread.sleep(250);
            }
        }
        assertTrue(seen, "a db.session.start for dbdora is in the audit log");
    }
}
