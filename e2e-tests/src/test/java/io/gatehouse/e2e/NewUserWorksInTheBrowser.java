package io.gatehouse.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import io.gatehouse.e2e.support.Chromium;
import io.gatehouse.e2e.support.Cluster;
import io.gatehouse.e2e.support.TotpCodes;
import io.gatehouse.e2e.support.Users;
import io.gatehouse.e2e.support.WebClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A new user, with nothing but a browser: opens the invite link, sets a password and enrols
 * TOTP, logs in, finds the node, works in a terminal in the tab (and resizes it), finds the
 * session in the audit log, plays its recording back, and logs out, after which the old cookie
 * and bearer token are worthless.
 */
class NewUserWorksInTheBrowser {
    private static final LocatorAssertions.ContainsTextOptions SLOW =
            new LocatorAssertions.ContainsTextOptions().setTimeout(30_000);
    private static Cluster cluster;
    private static Chromium chromium;
    private static String invite;
    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        cluster = new Cluster();
        cluster.start();
        Path role = dir.resolve("web-recorded.yaml");
        Files.writeString(role, """
                kind: role
                version: v1
                metadata:
                  name: web-recorded
                spec:
                  allow:
                    logins: ["{{internal.logins}}"]
                    node_labels: {"*": "*"}
                  options:
                    record_session: true
                """);
        ok(cluster.gatectl("create", "-f", role.toString()));
        var add = cluster.gatectl("users", "add", "wendy", "--roles=web-recorded,auditor",
                "--logins=" + Cluster.LOGIN);
        ok(add);
        invite = Cluster.inviteToken(add.out());
        chromium = new Chromium();
    }

    @AfterAll
    static void stop() {
        if (chromium != null) {
            chromium.close();
        }
        cluster.close();
    }

    @Test
    void signsUpWorksInATerminalFindsTheRecordingAndLogsOut() throws Exception {
        String base = "https://127.0.0.1:" + cluster.webPort();
        BrowserContext context = chromium.newContext();
        Page page = context.newPage();

        // Signup: the secret comes from the page, as a person would read it off the screen.
        page.navigate(base + "/web/invite/" + invite);
        assertThat(page.getByText("wendy").first()).isVisible();
        String secret = page.getByTestId("totp-secret").textContent().strip();
        long into = Instant.now().getEpochSecond() % 30;
        if (into >= 22) {
            Thread.sleep((31 - into) * 1000); // keep the current step for the login (enrol with the previous)
        }
        long step = TotpCodes.step(Instant.now());
        page.getByLabel("Password", new Page.GetByLabelOptions().setExact(true)).fill(Users.PASSWORD);
        page.getByLabel("Confirm password").fill(Users.PASSWORD);
        page.getByLabel("Authenticator code").fill(TotpCodes.code(secret, step - 1));
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create account")).click();
        page.waitForURL("**/web/login**");

        // Login
        page.getByLabel("Username").fill("wendy");
        page.getByLabel("Password", new Page.GetByLabelOptions().setExact(true)).fill(Users.PASSWORD);
        page.getByLabel("Authenticator code").fill(TotpCodes.code(secret, step));
        Chromium.screenshot(page, "login");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Log in")).click();
        page.waitForURL("**/web/resources");

        // Resources: the quickstart's node, online, with wendy's login
        Locator row = page.locator("[data-testid=node-row][data-node='" + cluster.nodeName() + "']");
        assertThat(row.getByTestId("node-status")).containsText("online", SLOW);
        Chromium.screenshot(page, "resources");
        row.getByTestId("connect").click();
        page.waitForURL("**/web/terminal/**");

        // Terminal: type, see the answer, resize, see the width change
        assertThat(page.getByTestId("terminal-status")).containsText("Connected", SLOW);
        page.getByTestId("terminal").click();
        Locator screen = page.locator("[data-testid=terminal] .xterm-rows");
        assertThat(screen).containsText("$", SLOW);
        typeLine(page, "echo gatehouse-$((6*7))");
        assertThat(screen).containsText("gatehouse-42", SLOW);
        // While it runs, the session is listed as active (asked the way the active sessions page asks)
        WebClient raw = new WebClient(cluster.webPort());
        String liveCookie = context.cookies().stream().filter(c -> c.name.equals(WebClient.COOKIE))
                .map(c -> c.value).findFirst().orElseThrow();
        String liveToken = raw.call("GET", "/v1/webapi/sessions/current", null, liveCookie, null, null).body()
                .path("token").asText();
        String active = "";
        for (int i = 0; i < 30 && !active.contains(cluster.nodeName()); i++) {
            active = raw.call("GET", "/v1/webapi/sessions/active", null, liveCookie, liveToken, null).body()
                    .toString();
            Thread.sleep(500);
        }
        assertTrue(active.contains("\"user\":\"wendy\"") && active.contains(cluster.nodeName()), active);
        typeLine(page, "echo cols=$(tput cols)");
        int before = lastCols(screen);
        page.setViewportSize(760, 700);
        Thread.sleep(500); // the fit addon measures after the window's resize event
        typeLine(page, "clear; echo cols=$(tput cols)");
        int after = waitForOtherCols(screen, before);
        assertNotEquals(before, after, "tput cols after the window shrank");
        assertTrue(after < before, "narrower window, fewer columns: " + before + " -> " + after);
        page.setViewportSize(1280, 800);
        typeLine(page, "echo gatehouse-$((6*7))");
        Chromium.screenshot(page, "terminal");
        typeLine(page, "exit");
        assertThat(page.getByTestId("terminal-status")).containsText("exit status 0", SLOW);

        // Audit log: the session's start and end are there (the node ships its events within seconds)
        page.navigate(base + "/web/audit");
        Locator ended = page.locator("[data-testid=audit-row][data-type='session.end']");
        for (int i = 0; i < 30 && ended.count() == 0; i++) {
            Thread.sleep(1000);
            page.reload();
            page.getByTestId("audit-table").waitFor();
        }
        assertThat(page.locator("[data-testid=audit-row][data-type='session.start']").first()).isVisible();
        assertThat(ended.first()).containsText("wendy");
        Chromium.screenshot(page, "audit");

        // Recordings: listed once the node uploaded it, and it plays back the same output
        page.navigate(base + "/web/recordings");
        Locator recording = page.getByTestId("recording-row").first();
        for (int i = 0; i < 30 && recording.count() == 0; i++) {
            Thread.sleep(1000);
            page.reload();
        }
        assertThat(recording).containsText("wendy");
        recording.getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Play")).click();
        page.waitForURL("**/web/recordings/**");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Jump to end")).click();
        assertThat(page.getByTestId("player")).containsText("gatehouse-42", SLOW);
        Chromium.screenshot(page, "playback");

        // Logout ends the session everywhere: the old cookie and token are refused by a raw client
        String cookie = context.cookies().stream().filter(c -> c.name.equals(WebClient.COOKIE)).map(c -> c.value)
                .findFirst().orElseThrow();
        var current = raw.call("GET", "/v1/webapi/sessions/current", null, cookie, null, null);
        assertEquals(200, current.status(), current.message());
        String token = current.body().path("token").asText();
        assertEquals(200, raw.call("GET", "/v1/webapi/nodes", null, cookie, token, null).status());
        page.getByTestId("logout").click();
        page.waitForURL("**/web/login**");
        assertTrue(context.cookies().stream().noneMatch(c -> c.name.equals(WebClient.COOKIE)),
                "the browser's cookie is cleared");
        var after1 = raw.call("GET", "/v1/webapi/sessions/current", null, cookie, null, null);
        assertEquals(401, after1.status(), after1.message());
        var after2 = raw.call("GET", "/v1/webapi/nodes", null, cookie, token, null);
        assertEquals(401, after2.status(), after2.message());
        page.navigate(base + "/web/resources");
        page.waitForURL("**/web/login**");

        // Account: a new password needs the old one and a fresh code; it ends the session, and only
        // the new password works afterwards.
        lastStep = step;
        logIn(page, Users.PASSWORD, TotpCodes.code(secret, freshStep()));
        page.navigate(base + "/web/account");
        page.getByLabel("Old password").fill(Users.PASSWORD);
        page.getByLabel("New password", new Page.GetByLabelOptions().setExact(true)).fill(NEW_PASSWORD);
        page.getByLabel("Confirm new password").fill(NEW_PASSWORD);
        page.getByLabel("Authenticator code").fill(TotpCodes.code(secret, freshStep()));
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Change password")).click();
        page.waitForURL("**/web/login**");
        assertThat(page.getByTestId("login-notice")).containsText("Password changed");
        logIn(page, NEW_PASSWORD, TotpCodes.code(secret, freshStep()));
        assertThat(page.getByTestId("current-user")).containsText("wendy");
        context.close();
    }

    private static final String NEW_PASSWORD = "another long and honest passphrase";

    private static void logIn(Page page, String password, String code) {
        page.getByLabel("Username").fill("wendy");
        page.getByLabel("Password", new Page.GetByLabelOptions().setExact(true)).fill(password);
        page.getByLabel("Authenticator code").fill(code);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Log in")).click();
        page.waitForURL("**/web/resources");
    }

    private static long lastStep;

    /**
     * A step wendy has not spent: auth accepts now ± 1 step and each step once, so the next one is
     * usable at once if the clock is not behind it, else after a wait.
     */
    private static long freshStep() throws InterruptedException {
        long wanted = Math.max(lastStep + 1, TotpCodes.step(Instant.now()));
        while (TotpCodes.step(Instant.now()) + 1 < wanted) {
            Thread.sleep(500);
        }
        lastStep = wanted;
        return wanted;
    }

    private static void typeLine(Page page, String line) {
        page.keyboard().type(line);
        page.keyboard().press("Enter");
    }

    private static int lastCols(Locator screen) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            Matcher m = Pattern.compile("cols=(\\d+)").matcher(screen.innerText());
            int last = -1;
            while (m.find()) {
                last = Integer.parseInt(m.group(1));
            }
            if (last > 0) {
                return last;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no cols=N on the screen:\n" + screen.innerText());
    }

    private static int waitForOtherCols(Locator screen, int before) throws InterruptedException {
        int now = before;
        for (int i = 0; i < 100 && now == before; i++) {
            Thread.sleep(100);
            now = lastCols(screen);
        }
        return now;
    }

    private static void ok(io.gatehouse.e2e.support.Proc.Result r) {
        assertEquals(0, r.exit(), r.toString());
    }
}
