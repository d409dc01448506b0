package io.gatehouse.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.gatehouse.e2e.support.Chromium;
import io.gatehouse.e2e.support.Cluster;
import io.gatehouse.e2e.support.ProxyCalls;
import io.gatehouse.e2e.support.TotpCodes;
import io.gatehouse.e2e.support.Users;
import io.gatehouse.e2e.support.WebClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What another site, or a user without the rights, can try against browser sessions: a
 * cross-site request carries the cookie but never the bearer token; a WebSocket from a foreign
 * page is refused before it opens; a user whose roles give no login on a node sees no way to
 * connect, and a hand-made terminal request for it is denied and audited.
 */
class ForgedBrowserRequestsAreRefused {
    private static final String EVIL = "https://evil.example";
    private static Cluster cluster;
    private static WebClient web;
    private static Users.Enrolled vera;
    private static Users.Enrolled nora;
    /** The last TOTP step each user spent: auth refuses a code twice, so each login takes the next one. */
    private static final Map<String, Long> lastStep = new ConcurrentHashMap<>();
    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        cluster = new Cluster();
        cluster.start();
        Path role = dir.resolve("elsewhere.yaml");
        Files.writeString(role, """
                kind: role
                version: v1
                metadata:
                  name: elsewhere
                spec:
                  allow:
                    logins: ["{{internal.logins}}"]
                    node_labels: {env: nowhere}
                """);
        ok(cluster.gatectl("create", "-f", role.toString()));
        ProxyCalls proxy = new ProxyCalls(cluster.proxyIdentity(), cluster.port());
        var addVera = cluster.gatectl("users", "add", "vera", "--roles=access", "--logins=" + Cluster.LOGIN);
        ok(addVera);
        vera = Users.completeInvite(proxy, "vera", Cluster.inviteToken(addVera.out()));
        var addNora = cluster.gatectl("users", "add", "nora", "--roles=elsewhere", "--logins=" + Cluster.LOGIN);
        ok(addNora);
        nora = Users.completeInvite(proxy, "nora", Cluster.inviteToken(addNora.out()));
        web = new WebClient(cluster.webPort());
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void aCrossSiteRequestWithOnlyTheCookieIsRefused() throws Exception {
        WebClient.Session s = web.login("vera", Users.PASSWORD, freshCode(vera));
        // What a forged form or fetch from another site can send: the cookie, a foreign Origin, no token.
        var logout = web.call("DELETE", "/v1/webapi/sessions/current", null, s.cookie(), null, EVIL);
        assertEquals(403, logout.status(), logout.message());
        assertTrue(logout.message().contains("bearer token"), logout.message());
        var password = web.call("PUT", "/v1/webapi/users/password",
                "{\"old_password\":\"x\",\"new_password\":\"evil evil evil evil\",\"totp_code\":\"000000\"}",
                s.cookie(), null, EVIL);
        assertEquals(403, password.status(), password.message());
        var wrongToken = web.call("GET", "/v1/webapi/nodes", null, s.cookie(), "not-the-token", null);
        assertEquals(403, wrongToken.status(), wrongToken.message());
        // ...and the session survived the attempts: the page's own calls still work.
        var nodes = web.call("GET", "/v1/webapi/nodes", null, s.cookie(), s.token(), null);
        assertEquals(200, nodes.status(), nodes.message());
        assertTrue(nodes.body().toString().contains(cluster.nodeName()), nodes.body().toString());
    }

    @Test
    void aWebSocketFromAForeignPageIsRefusedAndOneFromTheProxysPageWorks() throws Exception {
        WebClient.Session s = web.login("vera", Users.PASSWORD, freshCode(vera));
        var foreign = web.terminal(s, EVIL, cluster.nodeName(), Cluster.LOGIN, null, Duration.ofSeconds(2));
        assertEquals(403, foreign.refusedStatus(), "foreign Origin refused at the upgrade: " + foreign.texts());
        var own = web.terminal(s, web.origin(), cluster.nodeName(), Cluster.LOGIN, "echo ws-$((2+3)); exit\r",
                Duration.ofSeconds(20));
        assertEquals(0, own.refusedStatus());
        assertTrue(own.output().toString().contains("ws-5"), own.texts() + "\n" + own.output());
        assertTrue(own.texts().stream().anyMatch(t -> t.contains("\"exit_status\":0")), own.texts().toString());
        var badName = web.terminal(s, web.origin(), "../../etc/passwd", Cluster.LOGIN, null, Duration.ofSeconds(2));
        assertEquals(400, badName.refusedStatus(), "a malformed node name is refused before the upgrade");
    }

    @Test
    void aUserWithoutTheLoginSeesNoConnectAndAForgedTerminalIsDeniedAndAudited() throws Exception {
        WebClient.Session s = web.login("nora", Users.PASSWORD, freshCode(nora));
        var nodes = web.call("GET", "/v1/webapi/nodes", null, s.cookie(), s.token(), null);
        assertEquals(200, nodes.status());
        assertFalse(nodes.body().toString().contains(cluster.nodeName()), nodes.body().toString());

        try (Chromium chromium = new Chromium()) {
            BrowserContext context = chromium.newContext();
            Page page = context.newPage();
            page.navigate("https://127.0.0.1:" + cluster.webPort() + "/web/login");
            page.getByLabel("Username").fill("nora");
            page.getByLabel("Password", new Page.GetByLabelOptions().setExact(true)).fill(Users.PASSWORD);
            page.getByLabel("Authenticator code").fill(freshCode(nora));
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Log in")).click();
            page.waitForURL("**/web/resources");
            assertThat(page.getByTestId("empty-state")).isVisible();
            assertEquals(0, page.getByTestId("connect").count(), "no connect button for nora");
            Chromium.screenshot(page, "resources-without-access");
            var response = page.navigate("https://127.0.0.1:" + cluster.webPort() + "/web/resources");
            String csp = response.headerValue("content-security-policy");
            assertTrue(csp.contains("script-src 'self'") && !csp.contains("unsafe-eval")
                    && csp.contains("frame-ancestors 'none'"), csp);
            assertTrue(response.headerValue("strict-transport-security").contains("max-age="));
            assertEquals("no-referrer", response.headerValue("referrer-policy"));
            context.close();
        }

        var forged = web.terminal(s, web.origin(), cluster.nodeName(), Cluster.LOGIN, null, Duration.ofSeconds(10));
        assertTrue(forged.texts().stream().anyMatch(t -> t.contains("access_denied")), forged.texts().toString());
        assertTrue(forged.output().isEmpty(), "no byte of a shell: " + forged.output());
        String audit = "";
        for (int i = 0; i < 40 && !audit.contains("nora"); i++) {
            Thread.sleep(250);
            audit = cluster.gatectl("audit", "ls", "--type=ssh.login_refused").out();
        }
        assertTrue(audit.contains("nora"), "the refusal is audited:\n" + audit);
    }

    /**
     * A code for a step this user has not spent (the invite spent the previous one); auth accepts
     * now ± 1 step, so the next step is usable at once, and after that the test waits for time.
     */
    private static synchronized String freshCode(Users.Enrolled user) throws Exception {
        long current = TotpCodes.step(Instant.now());
        long next = Math.max(lastStep.getOrDefault(user.name(), current - 1) + 1, current);
        while (next > TotpCodes.step(Instant.now()) + 1) {
            Thread.sleep(1000);
        }
        lastStep.put(user.name(), next);
        return TotpCodes.code(user.totpSecret(), next);
    }

    private static void ok(io.gatehouse.e2e.support.Proc.Result r) {
        assertEquals(0, r.exit(), r.toString());
    }
}
