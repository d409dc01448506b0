package io.gatehouse.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.AriaRole;
import io.gatehouse.e2e.support.Agent;
import io.gatehouse.e2e.support.Chromium;
import io.gatehouse.e2e.support.Cluster;
import io.gatehouse.e2e.support.DbClients;
import io.gatehouse.e2e.support.DemoDatabases;
import io.gatehouse.e2e.support.Proc;
import io.gatehouse.e2e.support.ProxyCalls;
import io.gatehouse.e2e.support.SharedCluster;
import io.gatehouse.e2e.support.TotpCodes;
import io.gatehouse.e2e.support.Users;
import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user works with a real PostgreSQL 15 and a real MariaDB 10.11 (TLS, client certificates from
 * the cluster's database client CA) through an agent, with the real clients: `gate db connect`
 * runs psql and mariadb; pg_dump's dump restores into another database; 100 MB go in and out
 * with COPY unchanged; psql's Ctrl-C cancels a long query; a 20 MiB BLOB makes the round trip;
 * and a database that only accepts passwords works with the password kept on the agent's host.
 */
@SharedCluster
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UserWorksWithDatabasesThroughGate {
    private static Cluster cluster;
    private static Agent agent;
    private static DbClients dana;
    @TempDir
    static Path dir;

    @BeforeAll
    static void start(Cluster shared) throws Exception {
        cluster = shared;
        Path demo = DemoDatabases.forCluster(cluster);
        DemoDatabases.postgresAdmin("postgres", "DROP DATABASE IF EXISTS orders_restore");
        DemoDatabases.postgresAdmin("postgres", "CREATE DATABASE orders_restore OWNER app");
        agent = new Agent(cluster, "db-work", "tunnel", Map.of("env", "dbwork"), null).withDatabases("""
                  - name: work-postgres
                    protocol: postgres
                    uri: localhost:%d
                    labels: {env: dbwork}
                  - name: work-mariadb
                    protocol: mysql
                    uri: localhost:%d
                    labels: {env: dbwork}
                  - name: work-reports
                    protocol: mysql
                    uri: 127.0.0.1:%d
                    labels: {env: dbwork}
                    tls: {mode: verify-ca}
                    auth: {user: reporter, password_file: %s}
                """.formatted(DemoDatabases.PG_PORT, DemoDatabases.MYSQL_PORT, DemoDatabases.MYSQL_PORT,
                demo.resolve("reporter.password"))).start();
        Path role = dir.resolve("role.yaml");
        Files.writeString(role, """
                kind: role
                version: v1
                metadata: {name: db-work}
                spec:
                  allow:
                    db_labels: {env: dbwork}
                    db_users: [app, reporter]
                    db_names: [orders, orders_restore]
                """);
        ok(cluster.gatectl("create", "-f", role.toString()));
        dana = DbClients.loggedIn(cluster, dir, "dbdana", "db-work");
        dana.waitOnline("work-postgres", "work-mariadb", "work-reports");
    }

    @AfterAll
    static void stop() {
        if (dana != null) {
            dana.close();
        }
        if (agent != null) {
            agent.close();
        }
    }

    @Test
    @Order(1)
    void gateDbLsListsTheDatabasesAndConnectRunsTheRealClients() {
        var ls = dana.gate("db", "ls");
        assertEquals(0, ls.exit(), ls.toString());
        assertTrue(ls.out().contains("work-postgres") && ls.out().contains("postgres")
                && ls.out().contains("work-mariadb") && ls.out().contains("mysql"), ls.out());

        var pg = dana.gate("db", "connect", "work-postgres", "--db-user=app", "--db-name=orders", "--", "-Atc",
                "select 1");
        assertEquals(0, pg.exit(), pg + "\n--- agent\n" + agent.log());
        assertEquals("1", pg.out().strip());

        var my = dana.gate("db", "connect", "work-mariadb", "--db-user=app", "--db-name=orders", "--", "-N", "-e",
                "SELECT 1");
        assertEquals(0, my.exit(), my + "\n--- agent\n" + agent.log());
        assertEquals("1", my.out().strip());
    }

    @Test
    @Order(2)
    void pgDumpOfOneDatabaseRestoresIntoAnother() throws Exception {
        int port = dana.proxyDb("work-postgres", "app", null);
        String orders = "host=127.0.0.1 port=" + port + " user=app sslmode=disable dbname=";
        Path dump = dir.resolve("orders.sql");
        var d = Proc.run(List.of("pg_dump", "--no-owner", "-f", dump.toString(), orders + "orders"), Map.of(),
                Duration.ofMinutes(2));
        assertEquals(0, d.exit(), d.toString());
        assertTrue(Files.readString(dump).contains("CREATE TABLE public.orders"), "a dump of the orders table");
        var r = Proc.run(List.of("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-f", dump.toString(),
                orders + "orders_restore"), Map.of(), Duration.ofMinutes(2));
        assertEquals(0, r.exit(), r.toString());
        String sum = "select count(*) || ':' || sum(total) from orders";
        assertEquals(DbClients.psql(port, "orders", sum).out(), DbClients.psql(port, "orders_restore", sum).out());
    }

    @Test
    @Order(3)
    void copyMovesOneHundredMegabytesInAndOutUnchanged() throws Exception {
        int port = dana.proxyDb("work-postgres", "app", "orders");
        Path in = dir.resolve("copy-in.csv");
        Random random = new Random(16);
        try (BufferedWriter w = Files.newBufferedWriter(in)) {
            long written = 0;
            for (int i = 0; written < 100_000_000L; i++) {
                String line = i + "," + Long.toHexString(random.nextLong()) + "x".repeat(64)
                        + Long.toHexString(random.nextLong()) + "\n";
                w.write(line);
                written += line.length();
            }
        }
        ok(DbClients.psql(port, "orders", "drop table if exists copied; create table copied (id bigint, payload text)"));
        Instant t0 = Instant.now();
        var copyIn = DbClients.psql(port, "orders", "\\copy copied from '" + in + "' csv");
        assertEquals(0, copyIn.exit(), copyIn.toString());
        Path out = dir.resolve("copy-out.csv");
        var copyOut = DbClients.psql(port, "orders", "\\copy (select * from copied order by id) to '" + out + "' csv");
        assertEquals(0, copyOut.exit(), copyOut.toString());
        System.out.printf("COPY 100 MB in and out through Gatehouse: %d ms%n",
                Duration.between(t0, Instant.now()).toMillis());
        assertEquals(sha256(in), sha256(out), "the rows came back byte for byte");
        ok(DbClients.psql(port, "orders", "drop table copied"));
    }

    @Test
    @Order(4)
    void psqlsCtrlCCancelsALongQueryWithinTwoSeconds() throws Exception {
        int port = dana.proxyDb("work-postgres", "app", "orders");
        Process psql = new ProcessBuilder("psql", "-X", "-c", "select pg_sleep(30)",
                "host=127.0.0.1 port=" + port + " user=app dbname=orders sslmode=disable").redirectErrorStream(true)
                .start();
        DbClients.waitForQuery("pg_sleep(30)", Duration.ofSeconds(10));
        Instant sent = Instant.now();
        // What Ctrl-C does: psql's SIGINT handler sends the protocol's CancelRequest on a new connection.
        new ProcessBuilder("kill", "-INT", String.valueOf(psql.pid())).start().waitFor();
        assertTrue(psql.waitFor(5, java.util.concurrent.TimeUnit.SECONDS), "psql ended after the cancel");
        long ms = Duration.between(sent, Instant.now()).toMillis();
        String output = new String(psql.getInputStream().readAllBytes());
        assertTrue(output.contains("canceling statement due to user request"), output);
        assertTrue(ms < 2000, "cancelled within 2 s, took " + ms + " ms");
    }

    @Test
    @Order(5)
    void aTwentyMebibyteBlobGoesIntoMariadbAndComesBackIntact() throws Exception {
        int port = dana.proxyDb("work-mariadb", "app", "orders");
        byte[] blob = new byte[20 << 20];
        new Random(20).nextBytes(blob);
        Path sql = dir.resolve("blob.sql");
        Files.writeString(sql, "DROP TABLE IF EXISTS blobs; CREATE TABLE blobs (id INT PRIMARY KEY, b LONGBLOB);\n"
                + "INSERT INTO blobs VALUES (1, 0x" + HexFormat.of().formatHex(blob) + ");\n");
        var insert = DbClients.mariadb(port, "orders", List.of("--max-allowed-packet=64M"), sql, null);
        assertEquals(0, insert.exit(), insert.toString());
        var hash = DbClients.mariadb(port, "orders", List.of(), null, "SELECT SHA2(b, 256) FROM blobs WHERE id = 1");
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(blob)), hash.out().strip());
        var back = DbClients.mariadb(port, "orders", List.of("--max-allowed-packet=64M"), null,
                "SELECT HEX(b) FROM blobs WHERE id = 1");
        assertEquals(0, back.exit(), back.err());
        assertTrue(HexFormat.of().formatHex(blob).equalsIgnoreCase(back.out().strip()), "the blob read back intact");
        DbClients.mariadb(port, "orders", List.of(), null, "DROP TABLE blobs");
    }

    @Test
    @Order(6)
    void aPasswordOnlyDatabaseWorksWithThePasswordKeptOnTheAgent() throws Exception {
        // Listed with the one user the agent can log in as, though the roles allow app too.
        var ls = dana.gate("db", "ls");
        assertTrue(ls.out().lines().anyMatch(l -> l.startsWith("work-reports ") && l.contains(" reporter ")
                && !l.contains("app")), ls.out());
        var who = dana.gate("db", "connect", "work-reports", "--db-user=reporter", "--db-name=orders", "--", "-N",
                "-e", "SELECT CURRENT_USER(), COUNT(*) > 0 FROM orders");
        assertEquals(0, who.exit(), who + "\n--- agent\n" + agent.log());
        assertTrue(who.out().strip().startsWith("reporter@"), who.out());
        String password = Files.readString(DemoDatabases.reporterPassword(cluster)).strip();
        assertTrue(!agent.log().contains(password) && !cluster.log("proxy").contains(password),
                "the password is in no log");
    }

    @Test
    @Order(7)
    void theBrowserListsDatabasesWithTheCommandToCopyAndShowsTheRunningSession() throws Exception {
        int port = dana.proxyDb("work-postgres", "app", "orders");
        Process running = new ProcessBuilder("psql", "-X", "-c", "select pg_sleep(30) /* shown-in-browser */",
                "host=127.0.0.1 port=" + port + " user=app dbname=orders sslmode=disable").redirectErrorStream(true)
                .start();
        try (Chromium chromium = new Chromium()) {
            Page page = chromium.newContext().newPage();
            String base = "https://localhost:" + cluster.webPort();
            logIn(page, base, "dbwanda");
            page.navigate(base + "/web/resources?kind=db");
            Locator row = page.locator("[data-testid=resource-row][data-kind=db][data-name='work-postgres']");
            PlaywrightAssertions.assertThat(row.getByTestId("resource-status")).containsText("online");
            PlaywrightAssertions.assertThat(row.getByTestId("db-command")).hasText("gate db connect work-postgres");
            PlaywrightAssertions.assertThat(row.getByTestId("db-protocol")).hasText("PostgreSQL");
            PlaywrightAssertions.assertThat(page.locator("[data-testid=resource-row][data-kind=db][data-name="
                    + "'work-mariadb'] [data-testid=db-protocol]")).hasText("MySQL");
            Chromium.screenshot(page, "databases-resources");
            DbClients.waitForQuery("shown-in-browser", Duration.ofSeconds(10));
            page.navigate(base + "/web/sessions");
            Locator session = page.locator("[data-testid=session-row][data-kind=db]").filter(new Locator
                    .FilterOptions().setHasText("work-postgres"));
            for (int i = 0; i < 20 && session.count() == 0; i++) {
                Thread.sleep(500);
                page.reload();
            }
            PlaywrightAssertions.assertThat(session).containsText("dbdana");
            PlaywrightAssertions.assertThat(session).containsText("app");
            Chromium.screenshot(page, "databases-active-session");
        } finally {
            running.destroy();
        }
    }

    /** wanda, dana's colleague with the same role who also audits (so she sees others' sessions), logs in to the web UI. */
    private static void logIn(Page page, String base, String name) throws Exception {
        var add = cluster.gatectl("users", "add", name, "--roles=db-work,auditor");
        ok(add);
        String secret = Users.completeInvite(new ProxyCalls(cluster.proxyIdentity(), cluster.port()), name,
                Cluster.inviteToken(add.out())).totpSecret();
        page.navigate(base + "/web/login");
        page.getByLabel("Username").fill(name);
        page.getByLabel("Password", new Page.GetByLabelOptions().setExact(true)).fill(Users.PASSWORD);
        page.getByLabel("Authenticator code").fill(TotpCodes.code(secret, TotpCodes.step(Instant.now())));
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Log in")).click();
        page.waitForURL("**/web/resources");
    }

    private static String sha256(Path file) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (var in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0;) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static void ok(Proc.Result r) {
        assertEquals(0, r.exit(), r.toString());
    }
}
