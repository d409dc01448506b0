package io.gatehouse.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.e2e.support.Agent;
import io.gatehouse.e2e.support.Cluster;
import io.gatehouse.e2e.support.DbClients;
import io.gatehouse.e2e.support.Proc;
import io.gatehouse.e2e.support.ProxyCalls;
import io.gatehouse.e2e.support.SharedCluster;
import io.gatehouse.e2e.support.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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
 * An agent serves a TCP app (tcp:// — here the machine's real PostgreSQL, reached with psql as an
 * opaque TCP stream): a user whose role allows the app's labels lists it and reaches it through
 * `gate proxy app`; a user without them sees no app and is refused with a clear error; the
 * sessions and the refusals are in the audit log.
 */
@SharedCluster
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UserReachesATcpAppThroughGate {
    private static final String APP = "e2e-tcp-pg";
    private static Cluster cluster;
    private static Agent agent;
    private static DbClients alice;
    private static DbClients bob;
    private static final TestDatabase upstream = new TestDatabase();
    @TempDir
    static Path dir;

    @BeforeAll
    static void start(Cluster shared) throws Exception {
        cluster = shared;
        agent = new Agent(cluster, "apps-tcp", "tunnel", Map.of("env", "appse2e"), null).withApps("""
                  - name: %s
                    uri: tcp://%s:%s
                    labels: {env: appse2e}
                """.formatted(APP, upstream.host, upstream.port)).start();
        Path roles = dir.resolve("roles.yaml");
        Files.writeString(roles, """
                kind: role
                version: v1
                metadata: {name: apps-e2e}
                spec:
                  allow:
                    app_labels: {env: appse2e}
                ---
                kind: role
                version: v1
                metadata: {name: apps-e2e-none}
                spec:
                  allow:
                    app_labels: {env: elsewhere}
                """);
        assertEquals(0, cluster.gatectl("create", "-f", roles.toString()).exit());
        alice = DbClients.loggedIn(cluster, dir, "appalice", "apps-e2e");
        bob = DbClients.loggedIn(cluster, dir, "appbob", "apps-e2e-none");
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[] {alice, bob, agent, upstream}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // stopping anyway
            }
        }
    }

    private static Proc.Result psql(int port) {
        return Proc.run(List.of("psql", "-X", "-At", "-c", "select 40 + 2", "host=127.0.0.1 port=" + port + " user="
                + upstream.user + " dbname=" + upstream.name + " sslmode=disable"), Map.of("PGPASSWORD",
                upstream.password), Duration.ofSeconds(60));
    }

    @Test
    @Order(1)
    void aUserWithTheAppsLabelsListsItAndReachesItWithARealClient() throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        String ls = "";
        while (Instant.now().isBefore(deadline) && !ls.lines().anyMatch(l -> l.startsWith(APP + " ")
                && l.contains("tcp") && l.contains("online"))) {
            ls = alice.gate("apps", "ls").out();
            Thread.sleep(500);
        }
        assertTrue(ls.lines().anyMatch(l -> l.startsWith(APP + " ") && l.contains("online")), ls);
        int port = alice.proxyApp(APP);
        var answer = psql(port);
        assertEquals(0, answer.exit(), answer.toString());
        assertEquals("42", answer.out().strip());
        var config = alice.gate("apps", "config", APP);
        assertEquals(0, config.exit(), config.toString());
        assertTrue(config.out().contains(".crt") && config.out().contains("gate proxy app " + APP), config.out());
    }

    @Test
    @Order(2)
    void aUserWithoutThemSeesNoAppAndIsRefusedWithAClearError() {
        var ls = bob.gate("apps", "ls");
        assertEquals(0, ls.exit(), ls.toString());
        assertFalse(ls.out().contains(APP), ls.out());
        var login = bob.gate("apps", "login", APP);
        assertNotEquals(0, login.exit(), login.toString());
        assertTrue(login.err().contains("no role of appbob allows the app '" + APP + "'"), login.err());
        var proxy = bob.gate("proxy", "app", APP, "--port", "0");
        assertNotEquals(0, proxy.exit(), proxy.toString());
        assertTrue(proxy.err().contains("no app '" + APP + "' that you may reach"), proxy.err());
    }

    @Test
    @Order(3)
    void anAppTakenAwayAfterLoginIsRefusedAtTheProxyAndGateSaysWhy() throws Exception {
        int port = alice.proxyApp(APP);
        assertEquals("42", psql(port).out().strip());
        // A role assigned to users cannot be deleted; an admin takes the app away with a deny instead.
        Path deny = dir.resolve("deny.yaml");
        Files.writeString(deny, """
                kind: role
                version: v1
                metadata: {name: apps-e2e}
                spec:
                  allow:
                    app_labels: {env: appse2e}
                  deny:
                    app_labels: {env: appse2e}
                """);
        var update = cluster.gatectl("update", "-f", deny.toString());
        assertEquals(0, update.exit(), update.toString());
        Proc.Result refused = psql(port);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (refused.exit() == 0 && Instant.now().isBefore(deadline)) {
            Thread.sleep(500);
            refused = psql(port);
        }
        assertNotEquals(0, refused.exit(), refused.toString());
        String log = Files.readString(alice.log("app", APP));
        assertTrue(log.contains("refused the connection") && log.contains("role 'apps-e2e' denies"), log);
    }

    @Test
    @Order(4)
    void sessionsAndRefusalsAreInTheAuditLog() throws Exception {
        ProxyCalls admin = new ProxyCalls(cluster.adminIdentity(), cluster.port());
        String sessions = "";
        String refusals = "";
        String logins = "";
        for (int i = 0; i < 60 && !(sessions.contains("bytes_to_client") && refusals.contains(APP)
                && logins.contains("app login")); i++) {
            sessions = admin.get("/v1/audit/events?type=app.session.end&user=appalice&limit=100").body().toString();
            refusals = admin.get("/v1/audit/events?type=app.session.refused&user=appalice&limit=100").body()
                    .toString();
            logins = admin.get("/v1/audit/events?type=cert.create&user=appbob&limit=100").body().toString();
            Thread.sleep(250);
        }
        assertTrue(sessions.contains("app/" + APP) && sessions.contains("bytes_to_client"), sessions);
        assertTrue(refusals.contains("app/" + APP), refusals);
        assertTrue(logins.contains("app login") && logins.contains("\"outcome\":\"failure\""), logins);
    }
}
