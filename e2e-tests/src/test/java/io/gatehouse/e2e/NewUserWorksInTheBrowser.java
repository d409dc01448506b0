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
        // More than a page of the audit log (100 events): one role.create each, in one call.
        StringBuilder fillers = new StringBuilder();
        for (int i = 1; i <= 110; i++) {
            fillers.append(String.format("---%nkind: role%nversion: v1%nmetadata:%n  name: filler-%03d%n"
                    + "spec:%n  allow:%n    logins: [nobody]%n", i));
        }
        Path fillerFile = dir.resolve("fillers.yaml");
        Files.writeString(fillerFile, fillers.toString());
        ok(cluster.gatectl("create", "-f", fillerFile.toString()));
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
        Locator row = page.locator("[data-testid=resource-row][data-kind=node][data-name='" + cluster.nodeName()
                + "']");
        assertThat(row.getByTestId("resource-status")).containsText("online", SLOW);
        assertThat(row.getByTestId("resource-kind")).hasText("Server");
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
        // The terminal's own font is loaded and used (at DPR 1 the machine's font lost underscores)
        typeLine(page, "echo a_b_c");
        assertThat(screen).containsText("a_b_c", SLOW);
        assertEquals(Boolean.TRUE, page.evaluate("document.fonts.check('14px \"JetBrains Mono\"', 'a_b_c')"));
        assertTrue(String.valueOf(page.evaluate("getComputedStyle(document.querySelector('[data-testid=terminal] "
                + ".xterm-rows')).fontFamily")).startsWith("\"JetBrains Mono\""));
        page.getByTestId("terminal").screenshot(new Locator.ScreenshotOptions()
                .setPath(Chromium.SCREENSHOTS.resolve("terminal-dpr1-underscores.png")));
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
        auditPagesGoFromNewestToOldestAndBack(page);
        theMenuFitsAPhone(page);

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

    /**
     * Newest first: the session just ended is on the first page; the agent's join token, the
     * cluster's first event, is on the last.
     */
    private static void auditPagesGoFromNewestToOldestAndBack(Page page) {
        Locator rows = page.getByTestId("audit-row");
        Locator first = page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("First"));
        Locator previous = page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Previous"));
        Locator next = page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Next"));
        Locator last = page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Last"));
        assertThat(first).isDisabled();
        assertThat(previous).isDisabled();
        assertEquals(100, rows.count());
        assertThat(page.locator("[data-testid=audit-row][data-type='token.create']")).hasCount(0);
        String newest = rows.first().textContent();
        next.click();
        assertThat(previous).isEnabled();
        assertThat(rows.first()).not().hasText(newest);
        first.click();
        assertThat(rows.first()).hasText(newest);
        last.click();
        assertThat(page.locator("[data-testid=audit-row][data-type='token.create']").first()).isVisible();
        assertThat(next).isDisabled();
        assertThat(last).isDisabled();
        Chromium.screenshot(page, "audit-last-page");
        previous.click();
        assertThat(page.locator("[data-testid=audit-row][data-type='token.create']")).hasCount(0);
        assertThat(next).isEnabled();
    }

    /** 390 px (a phone): the header holds the burger, the name and Log out; the links open below it. */
    private static void theMenuFitsAPhone(Page page) {
        page.setViewportSize(390, 844);
        Locator header = page.locator("header");
        assertEquals(Boolean.TRUE, header.evaluate("h => h.scrollWidth <= h.clientWidth"));
        assertThat(page.getByTestId("logout")).isInViewport();
        Locator auditLink = page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Audit log"));
        assertThat(auditLink).isHidden();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Menu")).click();
        assertThat(page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Recordings"))).isInViewport();
        Chromium.screenshot(page, "menu-390px");
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Recordings")).click();
        page.waitForURL("**/web/recordings");
        assertThat(page.locator("nav[aria-label=Menu]")).hasCount(0); // the menu closed on the way
        page.setViewportSize(1280, 800);
    }

    /** What the browser is sent: compressed files, a page it revalidates, assets it keeps; HEAD as GET. */
    @Test
    void theUiIsSentCompressedAndAnUpgradeReachesTheBrowser() throws Exception {
        WebClient raw = new WebClient(cluster.webPort());
        var http = raw.httpClient();
        java.util.function.Function<String, java.net.http.HttpRequest.Builder> get = path -> java.net.http.HttpRequest
                .newBuilder(java.net.URI.create(raw.origin() + path)).header("Accept-Encoding", "gzip");
        var page = http.send(get.apply("/web/audit").build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, page.statusCode());
        assertEquals("gzip", page.headers().firstValue("content-encoding").orElse(""));
        assertEquals("no-cache", page.headers().firstValue("cache-control").orElse(""));
        String html = new String(new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(page.body()))
                .readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        Matcher script = Pattern.compile("/assets/index-[^\"]+\\.js").matcher(html);
        assertTrue(script.find(), html);
        var js = http.send(get.apply(script.group()).build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        assertEquals("gzip", js.headers().firstValue("content-encoding").orElse(""));
        assertEquals("public, max-age=31536000, immutable", js.headers().firstValue("cache-control").orElse(""));
        var plain = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(raw.origin() + script.group()))
                .build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        assertTrue(js.body().length * 2 < plain.body().length, js.body().length + " vs " + plain.body().length);

        var head = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(raw.origin() + "/web/audit"))
                .method("HEAD", java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
                java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, head.statusCode());
        assertEquals(0, head.body().length);
        assertEquals("text/html;charset=UTF-8", head.headers().firstValue("content-type").orElse(""));
        assertEquals("no-cache", head.headers().firstValue("cache-control").orElse(""));
        assertTrue(head.headers().firstValue("content-security-policy").isPresent());
        // JSON is never compressed: a secret beside echoed input would show in the length (BREACH)
        var json = http.send(get.apply("/v1/webapi/sessions/current").build(),
                java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        assertTrue(json.headers().firstValue("content-encoding").orElse("identity").equals("identity"),
                json.headers().map().toString());
    }

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
