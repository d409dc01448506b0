package io.gatehouse.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.BoundingBox;
import io.gatehouse.e2e.support.Agent;
import io.gatehouse.e2e.support.Chromium;
import io.gatehouse.e2e.support.Cluster;
import io.gatehouse.e2e.support.Proc;
import io.gatehouse.e2e.support.ProxyCalls;
import io.gatehouse.e2e.support.SharedCluster;
import io.gatehouse.e2e.support.TotpCodes;
import io.gatehouse.e2e.support.Users;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user opens a Linux desktop (a real xrdp with two xterms and twm, deploy/xrdp.sh) in the
 * browser: sees it, clicks into one window and then the other and types into each (the shells
 * write files this test reads back, naming the window that got the keys), and finds the session
 * in the recordings, where it plays. A user whose roles lack the desktop login is refused in the
 * page and in the audit log; a wrong password on the agent's side is reported as such, quickly, and
 * a desktop whose TLS certificate is not the pinned one gets no password.
 */
@SharedCluster
class UserWorksOnARemoteDesktopInTheBrowser {
    private static final LocatorAssertions.ContainsTextOptions SLOW =
            new LocatorAssertions.ContainsTextOptions().setTimeout(60_000);
    private static final Path XRDP = Path.of(System.getenv().getOrDefault("GATEHOUSE_E2E_XRDP_STATE",
            Cluster.REPO.resolve(".test-state/xrdp").toString()));
    private static final String RDP_LOGIN = System.getenv().getOrDefault("XRDP_USER", "gatehouse-rdp");
    private static final int RDP_PORT = Integer.parseInt(System.getenv().getOrDefault("XRDP_PORT", "3389"));
    private static Cluster cluster;
    private static Agent agent;
    private static Chromium chromium;
    @TempDir
    static Path dir;

    @BeforeAll
    static void start(Cluster shared) throws Exception {
        try (Socket s = new Socket("127.0.0.1", RDP_PORT)) {
            // xrdp answers
        } catch (IOException e) {
            throw new AssertionError("no RDP server on 127.0.0.1:" + RDP_PORT + ": deploy/test.sh starts one (deploy/xrdp.sh "
                    + "start); run it by hand when running this class alone", e);
        }
        cluster = shared;
        Path roles = dir.resolve("roles.yaml");
        Files.writeString(roles, """
                kind: role
                version: v1
                metadata: {name: desktop-user}
                spec:
                  allow:
                    desktop_labels: {env: dev}
                    desktop_logins: [%s]
                  options: {record_session: true}
                ---
                kind: role
                version: v1
                metadata: {name: desktop-other}
                spec:
                  allow:
                    desktop_labels: {env: dev}
                    desktop_logins: [somebody-else]
                """.formatted(RDP_LOGIN));
        ok(cluster.gatectl("create", "-f", roles.toString()));
        Path wrong = dir.resolve("wrong-password");
        Files.writeString(wrong, "not-the-password\n");
        // xrdp's self-signed certificate is pinned, as an administrator would (deploy/xrdp.sh records it).
        String pin = Files.readString(XRDP.resolve("cert-fingerprint")).strip();
        agent = new Agent(cluster, "desk-agent", "tunnel", Map.of("env", "dev"), null).withDesktops("""
                  - name: dev-desktop
                    addr: 127.0.0.1:%4$d
                    labels: {env: dev}
                    tls: {fingerprint: "%5$s"}
                    security: tls
                    logins:
                      %1$s: {password_file: %2$s}
                  - name: broken-desktop
                    addr: 127.0.0.1:%4$d
                    labels: {env: dev}
                    tls: {fingerprint: "%5$s"}
                    security: tls
                    logins:
                      %1$s: {password_file: %3$s}
                  - name: impostor-desktop
                    addr: 127.0.0.1:%4$d
                    labels: {env: dev}
                    tls: {fingerprint: "%6$s"}
                    security: tls
                    logins:
                      %1$s: {password_file: %2$s}
                """.formatted(RDP_LOGIN, XRDP.resolve("password"), wrong, RDP_PORT, pin, "ab".repeat(32))).start();
        chromium = new Chromium();
    }

    @AfterAll
    static void stop() {
        if (chromium != null) {
            chromium.close();
        }
        if (agent != null) {
            agent.close();
        }
        cluster.close();
    }

    @Test
    void worksInTwoWindowsThenReplaysTheSession() throws Exception {
        BrowserContext context = chromium.newContext();
        context.grantPermissions(java.util.List.of("clipboard-read", "clipboard-write"), new BrowserContext
                .GrantPermissionsOptions().setOrigin(base()));
        Page page = context.newPage();
        logIn(page, "dora", "access,desktop-user,auditor");

        // The resources page lists every kind in one table: dora's nodes (the access preset) and desktops.
        page.navigate(base() + "/web/resources");
        assertThat(page.locator("[data-testid=resource-row][data-kind=node][data-name='desk-agent']")
                .getByTestId("resource-status")).containsText("online", SLOW);
        assertThat(page.locator("[data-testid=resource-row][data-kind=desktop][data-name='dev-desktop']")).isVisible();
        Chromium.screenshot(page, "resources-every-kind");
        page.setViewportSize(390, 844);
        Chromium.screenshot(page, "resources-every-kind-390px");
        page.setViewportSize(1280, 800);
        // The kind filter narrows it to desktops, and says so in the address.
        page.getByTestId("kind-filter").getByText("Desktops", new Locator.GetByTextOptions().setExact(true)).click();
        page.waitForURL("**/web/resources?kind=desktop");
        Locator row = page.locator("[data-testid=resource-row][data-kind=desktop][data-name='dev-desktop']");
        assertThat(row.getByTestId("resource-status")).containsText("online", SLOW);
        assertThat(row.getByTestId("resource-kind")).hasText("Desktop");
        assertThat(page.locator("[data-testid=resource-row][data-kind=desktop][data-name='broken-desktop']"))
                .isVisible();
        assertThat(page.locator("[data-testid=resource-row][data-kind=node]")).hasCount(0);
        row.getByTestId("desktop-connect").click();
        assertThat(page.locator("[data-testid=desktop-login][data-login='" + RDP_LOGIN + "']")).hasAttribute("href",
                "/web/desktop/dev-desktop/" + RDP_LOGIN);
        page.keyboard().press("Escape");
        Chromium.screenshot(page, "desktop-resources");

        page.navigate(base() + "/web/desktop/dev-desktop/" + RDP_LOGIN);
        Locator canvas = page.getByTestId("desktop-canvas");
        waitForFrames(page, canvas, 20, Duration.ofSeconds(60));
        Thread.sleep(1500); // let the session's windows appear and paint
        Chromium.screenshot(page, "desktop");

        // Click into each window (twm: the window under the pointer has the keys) and type there.
        String nonce = UUID.randomUUID().toString().substring(0, 8);
        Path left = Path.of("/tmp/gh-desktop-" + nonce + "-a");
        Path right = Path.of("/tmp/gh-desktop-" + nonce + "-b");
        clickDesktop(page, canvas, 300, 200);
        page.keyboard().type("echo $GH_WINDOW-$((6*7)) > " + left);
        page.keyboard().press("Enter");
        assertEquals("left-42", waitForFile(left), "the keys went to the left xterm");
        clickDesktop(page, canvas, 760, 560);
        page.keyboard().type("echo $GH_WINDOW-$((6*7)) > " + right);
        page.keyboard().press("Enter");
        assertEquals("right-42", waitForFile(right), "after a click on the right xterm the keys went there");
        Chromium.screenshot(page, "desktop-typed");

        // While it runs, the Active sessions page (another tab) lists it as a desktop session.
        Page sessions = context.newPage();
        sessions.navigate(base() + "/web/sessions");
        Locator active = sessions.locator("[data-testid=session-row][data-kind=desktop]").filter(
                new Locator.FilterOptions().setHasText("dev-desktop"));
        for (int i = 0; i < 30 && active.count() == 0; i++) {
            Thread.sleep(1000);
            sessions.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Refresh")).click();
        }
        assertThat(active).containsText(RDP_LOGIN);
        Chromium.screenshot(sessions, "desktop-active-session");
        sessions.close();

        // Clipboard both ways: the page's clipboard into the desktop's, and back.
        String outbound = "gh-clip-" + nonce;
        page.evaluate("t => navigator.clipboard.writeText(t)", outbound);
        page.getByTestId("desktop-send-clipboard").click();
        Path pasted = Path.of("/tmp/gh-desktop-" + nonce + "-clip");
        clickDesktop(page, canvas, 300, 200);
        page.keyboard().type("xclip -o -selection clipboard > " + pasted);
        page.keyboard().press("Enter");
        assertEquals(outbound, waitForFile(pasted), "the desktop's clipboard holds what the page sent");
        String inbound = "gh-back-" + nonce;
        page.keyboard().type("echo -n " + inbound + " | xclip -selection clipboard");
        page.keyboard().press("Enter");
        String local = "";
        for (int i = 0; i < 40 && !local.equals(inbound); i++) {
            Thread.sleep(250);
            local = String.valueOf(page.evaluate("() => navigator.clipboard.readText()"));
        }
        assertEquals(inbound, local, "the page's clipboard holds what the desktop copied");
        page.close();

        // The recording: listed once the agent uploaded it, and it plays in the browser.
        Page player = context.newPage();
        player.navigate(base() + "/web/recordings");
        Locator recording = player.getByTestId("recording-row").filter(new Locator.FilterOptions().setHasText("dora"));
        for (int i = 0; i < 30 && recording.count() == 0; i++) {
            Thread.sleep(1000);
            player.reload();
        }
        recording.first().getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Play")).click();
        player.waitForURL("**/web/recordings/**");
        waitForFrames(player, player.getByTestId("desktop-player-canvas"), 20, Duration.ofSeconds(60));
        Chromium.screenshot(player, "desktop-playback");
        context.close();

        assertTrue(events("desktop.start", "dora") >= 1, "desktop.start audited");
        assertTrue(waitForEvents("desktop.end", "dora"), "desktop.end audited");
    }

    @Test
    void aUserWithoutTheLoginIsRefusedInThePageAndTheAuditLog() throws Exception {
        BrowserContext context = chromium.newContext();
        Page page = context.newPage();
        logIn(page, "nils", "desktop-other");
        page.navigate(base() + "/web/desktop/dev-desktop/" + RDP_LOGIN);
        assertThat(page.getByTestId("desktop-error")).containsText("no role of nils gives the login '" + RDP_LOGIN
                + "' on desktop 'dev-desktop'", SLOW);
        Chromium.screenshot(page, "desktop-denied");
        context.close();
        assertTrue(waitForEvents("desktop.refused", "nils"), "the refusal is in the audit log");
    }

    /**
     * A wrong password is reported as such, quickly; and a desktop whose certificate is not the one
     * pinned for it (impostor-desktop: what answers there is not what the agent expects) gets no
     * password: the page says the desktop's identity could not be verified.
     */
    @Test
    void aWrongPasswordOrAnUnverifiedDesktopIsReportedNotAHang() throws Exception {
        BrowserContext context = chromium.newContext();
        Page page = context.newPage();
        logIn(page, "dina", "desktop-user");
        Instant opened = Instant.now();
        page.navigate(base() + "/web/desktop/broken-desktop/" + RDP_LOGIN);
        assertThat(page.getByTestId("desktop-error")).containsText("refused", SLOW);
        long seconds = Duration.between(opened, Instant.now()).toSeconds();
        assertTrue(seconds < 30, "the wrong credential was reported after " + seconds + " s");
        Chromium.screenshot(page, "desktop-bad-credential");

        page.navigate(base() + "/web/desktop/impostor-desktop/" + RDP_LOGIN);
        Locator error = page.getByTestId("desktop-error");
        assertThat(error).containsText("the password was not sent", SLOW);
        assertThat(error).containsText("desktop 'impostor-desktop'");
        assertThat(error).hasAttribute("data-code", "untrusted");
        Chromium.screenshot(page, "desktop-untrusted");
        context.close();
    }

    private static String base() {
        return "https://127.0.0.1:" + cluster.webPort();
    }

    /** A user with these roles, signed up through the invite API, logged in through the login page. */
    private static void logIn(Page page, String name, String roles) throws Exception {
        var add = cluster.gatectl("users", "add", name, "--roles=" + roles, "--logins=" + Cluster.LOGIN);
        ok(add);
        String secret = Users.completeInvite(new ProxyCalls(cluster.proxyIdentity(), cluster.port()), name,
                Cluster.inviteToken(add.out())).totpSecret();
        page.navigate(base() + "/web/login");
        page.getByLabel("Username").fill(name);
        page.getByLabel("Password", new Page.GetByLabelOptions().setExact(true)).fill(Users.PASSWORD);
        // completeInvite enrolled with the previous step and kept the current one for this login.
        long step = TotpCodes.step(Instant.now());
        page.getByLabel("Authenticator code").fill(TotpCodes.code(secret, step));
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Log in")).click();
        page.waitForURL("**/web/resources");
    }

    private static void waitForFrames(Page page, Locator canvas, int atLeast, Duration within)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(within);
        while (Instant.now().isBefore(deadline)) {
            String frames = canvas.count() == 0 ? null : canvas.getAttribute("data-frames");
            if (frames != null && Integer.parseInt(frames) >= atLeast) {
                return;
            }
            Locator error = page.getByTestId("desktop-error");
            if (error.count() > 0 && error.isVisible()) {
                throw new AssertionError("the desktop page shows an error: " + error.textContent());
            }
            Thread.sleep(250);
        }
        Chromium.screenshot(page, "desktop-timeout");
        throw new AssertionError("fewer than " + atLeast + " tiles drawn in " + within.toSeconds() + " s (frames="
                + (canvas.count() == 0 ? "no canvas" : canvas.getAttribute("data-frames")) + ")");
    }

    /** Clicks the canvas where desktop pixel (x, y) is shown, whatever the canvas's scale. */
    private static void clickDesktop(Page page, Locator canvas, int x, int y) {
        BoundingBox box = canvas.boundingBox();
        double width = ((Number) canvas.evaluate("c => c.width")).doubleValue();
        double height = ((Number) canvas.evaluate("c => c.height")).doubleValue();
        page.mouse().move(box.x + x * box.width / width, box.y + y * box.height / height);
        page.mouse().click(box.x + x * box.width / width, box.y + y * box.height / height);
        // twm gives the keys to the window under the pointer when it sees the pointer enter: another X
        // client, racing the keys xrdp injects right after the move. On a busy machine the first keys
        // went to the window left behind, so give twm a moment.
        page.waitForTimeout(700);
    }

    private static String waitForFile(Path file) throws Exception {
        for (int i = 0; i < 100; i++) {
            if (Files.exists(file) && Files.size(file) > 0) {
                String text = Files.readString(file).strip();
                Files.delete(file);
                return text;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(file + " was not written: the typed command did not reach a shell on the desktop");
    }

    private static int events(String type, String user) throws Exception {
        ProxyCalls admin = new ProxyCalls(cluster.adminIdentity(), cluster.port());
        int n = 0;
        for (JsonNode e : admin.get("/v1/audit/events?limit=500&type=" + type).body().path("events")) {
            if (e.path("user").asText().equals(user)) {
                n++;
            }
        }
        return n;
    }

    private static boolean waitForEvents(String type, String user) throws Exception {
        for (int i = 0; i < 40; i++) {
            if (events(type, user) > 0) {
                return true;
            }
            Thread.sleep(500);
        }
        return false;
    }

    private static void ok(Proc.Result r) {
        assertEquals(0, r.exit(), r.toString());
    }
}
