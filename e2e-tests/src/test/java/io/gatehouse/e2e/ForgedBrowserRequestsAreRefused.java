package io.gatehouse.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.gatehouse.e2e.support.Agent;
import io.gatehouse.e2e.support.Chromium;
import io.gatehouse.e2e.support.Cluster;
import io.gatehouse.e2e.support.Proc;
import io.gatehouse.e2e.support.ProxyCalls;
import io.gatehouse.e2e.support.SharedCluster;
import io.gatehouse.e2e.support.TotpCodes;
import io.gatehouse.e2e.support.Users;
import io.gatehouse.e2e.support.WebClient;
import java.net.URI;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What another site, or a user without the rights, can try against browser sessions: a
 * cross-site request carries the cookie but never the bearer token; a WebSocket from a foreign
 * page is refused before it opens; a user whose roles give no login on a node sees no way to
 * connect, and a hand-made terminal request for it is denied and audited; the resources listing
 * shows nobody a node or desktop their roles give no login on, whatever kind, label or search
 * they ask for, and refuses a kind it does not know with an error that says which it knows.
 */
@SharedCluster
class ForgedBrowserRequestsAreRefused {
    private static final String EVIL = "https://evil.example";
    private static Cluster cluster;
    private static WebClient web;
    private static Users.Enrolled vera;
    private static Users.Enrolled nora;
    private static Users.Enrolled dana;
    private static Agent lab;
    /** The last TOTP step each user spent: auth refuses a code twice, so each login takes the next one. */
    private static final Map<String, Long> lastStep = new ConcurrentHashMap<>();
    @TempDir
    static Path dir;

    @BeforeAll
    static void start(Cluster shared) throws Exception {
        cluster = shared;
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
        startLabWithADesktop(proxy);
    }

    /**
     * A second agent (node "lab-agent", env=lab) announcing desktop "lab-desktop" (env=lab), and
     * dana, whose only role gives a desktop login there. The desktop is only listed, never
     * connected to, so no RDP server is needed.
     */
    private static void startLabWithADesktop(ProxyCalls proxy) throws Exception {
        Path role = dir.resolve("lab-desktops.yaml");
        Files.writeString(role, """
                kind: role
                version: v1
                metadata:
                  name: lab-desktops
                spec:
                  allow:
                    desktop_labels: {env: lab}
                    desktop_logins: [rdp-user]
                """);
        ok(cluster.gatectl("create", "-f", role.toString()));
        var addDana = cluster.gatectl("users", "add", "dana", "--roles=lab-desktops", "--logins=" + Cluster.LOGIN);
        ok(addDana);
        dana = Users.completeInvite(proxy, "dana", Cluster.inviteToken(addDana.out()));
        Path password = dir.resolve("lab-password");
        Files.writeString(password, "never-sent\n");
        lab = new Agent(cluster, "lab-agent", "tunnel", Map.of("env", "lab"), null).withDesktops("""
                  - name: lab-desktop
                    addr: 127.0.0.1:3389
                    labels: {env: lab}
                    tls: {fingerprint: "%s"}
                    security: tls
                    logins:
                      rdp-user: {password_file: %s}
                """.formatted("ab".repeat(32), password)).start();
    }

    @AfterAll
    static void stop() {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void theResourcesListingShowsNobodyWhatTheirRolesDoNotAllowAndRefusesAnUnknownKind() throws Exception {
        // dana's role gives a desktop login on lab-desktop and nothing on any node: she sees it, with that login.
        WebClient.Session d = web.login("dana", Users.PASSWORD, freshCode(dana));
        JsonNode danas = listed(d, "");
        for (int i = 0; i < 40 && danas.path("total_count").asInt() == 0; i++) {
            Thread.sleep(250); // the desktop's first heartbeat, then the proxy's directory refresh
            danas = listed(d, "");
        }
        assertEquals(List.of("desktop/lab-desktop"), keys(danas), danas.toString());
        assertEquals("[\"rdp-user\"]", danas.path("items").path(0).path("logins").toString());
        assertEquals(List.of(), keys(listed(d, "?kind=node")), "no node for dana, asked for nodes only");

        // nora's role allows logins only on nodes labelled env=nowhere, and no desktop: nothing at all,
        // whichever kind, label or search she asks for.
        WebClient.Session n = web.login("nora", Users.PASSWORD, freshCode(nora));
        for (String query : List.of("", "?kind=node", "?kind=desktop", "?kind=node,desktop", "?labels=env=lab",
                "?search=lab", "?kind=desktop&labels=env=lab&search=desktop", "?sort=kind:desc&limit=1000")) {
            JsonNode page = listed(n, query);
            assertEquals(List.of(), keys(page), query + ": " + page);
            assertEquals(0, page.path("total_count").asInt(), query);
        }
        // vera (the access preset, her own logins, no desktop logins) sees the nodes and not the desktop.
        WebClient.Session v = web.login("vera", Users.PASSWORD, freshCode(vera));
        List<String> veras = keys(listed(v, ""));
        for (int i = 0; i < 40 && !veras.contains("node/lab-agent"); i++) {
            Thread.sleep(250);
            veras = keys(listed(v, ""));
        }
        assertTrue(veras.contains("node/" + cluster.nodeName()) && veras.contains("node/lab-agent"), veras.toString());
        assertFalse(veras.contains("desktop/lab-desktop"), veras.toString());

        // A kind the proxy does not list is refused, in its JSON error envelope, naming the kinds it lists.
        var unknown = web.call("GET", "/v1/webapi/resources?kind=kube_cluster", null, n.cookie(), n.token(), null);
        assertEquals(400, unknown.status(), unknown.raw().body());
        assertTrue(unknown.raw().headers().firstValue("content-type").orElse("").startsWith("application/json"));
        assertEquals("invalid", unknown.body().path("error").path("code").asText(), unknown.raw().body());
        assertEquals("unknown resource kind 'kube_cluster': this proxy lists app, db, desktop, node (or leave kind out "
                + "for all of them)", unknown.message());
        // ...and so is a misspelt filter, rather than being ignored (which would list everything).
        var misspelt = web.call("GET", "/v1/webapi/resources?label=env=lab", null, v.cookie(), v.token(), null);
        assertEquals(400, misspelt.status(), misspelt.raw().body());
        assertTrue(misspelt.message().startsWith("unknown query parameter 'label'"), misspelt.message());
        // The cookie alone (a cross-site request) or nothing at all lists nothing.
        assertEquals(403, web.call("GET", "/v1/webapi/resources", null, d.cookie(), null, EVIL).status());
        assertEquals(401, web.call("GET", "/v1/webapi/resources?kind=desktop", null, null, null, null).status());
    }

    private static JsonNode listed(WebClient.Session s, String query) throws Exception {
        var reply = web.call("GET", "/v1/webapi/resources" + query, null, s.cookie(), s.token(), null);
        assertEquals(200, reply.status(), query + ": " + reply.raw().body());
        return reply.body();
    }

    private static List<String> keys(JsonNode page) {
        List<String> keys = new ArrayList<>();
        page.path("items").forEach(r -> keys.add(r.path("kind").asText() + "/" + r.path("name").asText()));
        return keys;
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
     * Fifty sockets with a made-up cookie, each pushing 256 KiB messages (in 64 KiB frames, the
     * largest a Vert.x server takes by default): none is upgraded, so none holds a byte, and the
     * proxy's live heap stays within {@link #HEAP_BOUND_MB} MiB of what it was (the attack sends
     * 200 MiB). A real cookie without the bearer whose first message is 256 KiB is closed at once.
     * A real user's terminal works throughout.
     */
    @Test
    void fiftySocketsWithABogusCookieCostTheProxyNothingAndRealUsersKeepWorking() throws Exception {
        WebClient.Session s = web.login("vera", Users.PASSWORD, freshCode(vera));
        long before = liveHeapMb();
        List<Future<Integer>> attacks = new ArrayList<>();
        List<WebSocket> held = new CopyOnWriteArrayList<>();
        List<Integer> statuses = new ArrayList<>();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 50; i++) {
                attacks.add(threads.submit(() -> attack(bogusCookie(), held)));
            }
            for (var attack : attacks) {
                statuses.add(attack.get(120, TimeUnit.SECONDS));
            }
        }
        // Measured at once: a socket that did open would hold its messages until its 10 s auth wait ends.
        long during = liveHeapMb();
        assertTrue(during - before < HEAP_BOUND_MB, "the proxy's live heap grew from " + before + " to " + during
                + " MiB under the attack (bound " + HEAP_BOUND_MB + " MiB)");
        assertEquals(Collections.nCopies(50, 401), statuses, "every unknown cookie is refused before the upgrade");

        // A real cookie without the bearer: the first message must be the small auth message.
        CountDownLatch closed = new CountDownLatch(1);
        var noBearer = web.webSocket(URI.create("wss://127.0.0.1:" + cluster.webPort()
                + "/v1/webapi/terminal?node=" + cluster.nodeName() + "&login=" + Cluster.LOGIN), web.origin(),
                WebClient.COOKIE + "=" + s.cookie(), t -> { }, b -> { }, closed::countDown);
        try {
            noBearer.sendBinary(ByteBuffer.allocate(256 * 1024), true).get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            // the proxy may close before the whole frame is written
        }
        WebClient.waitFor(noBearer::isInputClosed, Duration.ofSeconds(5));
        assertTrue(noBearer.isInputClosed(), "a 256 KiB first message closes the socket");

        var own = web.terminal(s, web.origin(), cluster.nodeName(), Cluster.LOGIN, "echo alive-$((6*7)); exit\r",
                Duration.ofSeconds(20));
        assertTrue(own.output().toString().contains("alive-42"), own.texts() + "\n" + own.output());
        held.forEach(WebSocket::abort);
    }

    /** The attack from one socket: the upgrade's refusal status, or 0 if it got a socket and sent it all. */
    private static int attack(String cookie, List<WebSocket> held) throws Exception {
        WebSocket ws;
        try {
            ws = web.webSocket(URI.create("wss://127.0.0.1:" + cluster.webPort() + "/v1/webapi/terminal?node="
                    + cluster.nodeName() + "&login=" + Cluster.LOGIN), web.origin(), WebClient.COOKIE + "=" + cookie,
                    t -> { }, b -> { }, () -> { });
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException h) {
                return h.getResponse().statusCode();
            }
            throw e;
        }
        held.add(ws);
        byte[] frame = new byte[64 * 1024];
        try {
            for (int message = 0; message < 16; message++) {
                for (int part = 0; part < 4; part++) {
                    ws.sendBinary(ByteBuffer.wrap(frame), part == 3).get(30, TimeUnit.SECONDS);
                }
            }
        } catch (ExecutionException e) {
            return 1; // the proxy closed it
        }
        return 0;
    }

    private static String bogusCookie() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** What the attack may add to the proxy's live heap (it sends 50 × 16 × 256 KiB = 200 MiB). */
    private static final long HEAP_BOUND_MB = 32;

    /** The proxy's heap after a full collection (jcmd GC.run, then GC.heap_info: the "used" of
     * each generation, "DefNew" and "Tenured" with the quickstart's SerialGC). */
    private static long liveHeapMb() throws Exception {
        String pid = Files.readString(cluster.state().resolve("proxy.pid")).strip();
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Proc.Result gc = Proc.run(List.of(jcmd.toString(), pid, "GC.run"), Map.of(), Duration.ofSeconds(60));
        assertEquals(0, gc.exit(), gc.toString());
        Proc.Result info = Proc.run(List.of(jcmd.toString(), pid, "GC.heap_info"), Map.of(), Duration.ofSeconds(60));
        assertEquals(0, info.exit(), info.toString());
        Matcher m = Pattern.compile("(?m)^\\S+\\s+total \\d+K, used (\\d+)K")
                .matcher(info.out());
        long usedKb = 0;
        int generations = 0;
        while (m.find()) {
            usedKb += Long.parseLong(m.group(1));
            generations++;
        }
        assertTrue(generations > 0, "no generation in the heap info:\n" + info.out());
        return usedKb / 1024;
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

    private static void ok(Proc.Result r) {
        assertEquals(0, r.exit(), r.toString());
    }
}
