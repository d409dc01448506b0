package io.gatehouse.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import io.gatehouse.e2e.support.Agent;
import io.gatehouse.e2e.support.Chromium;
import io.gatehouse.e2e.support.Cluster;
import io.gatehouse.e2e.support.JitRoles;
import io.gatehouse.e2e.support.Keycloak;
import io.gatehouse.e2e.support.Proc;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SSO story with gate: `gate login --auth=keycloak` prints a link, a (test-driven, headless)
 * browser logs in at Keycloak, and the certificates arrive at gate's loopback port; then dev asks
 * for prod-access, lead (also logged in through Keycloak with gate) approves, dev assumes it with
 * `gate login --request-id` and runs a command on the prod node with `gate ssh`.
 */
class DeveloperUsesGateWithSso {
    private static final Pattern LINK = Pattern.compile("(https://\\S+/v1/webapi/sso/keycloak/login\\S+)");
    private static final Pattern FINGERPRINT = Pattern.compile("confirm this key: (SHA256:\\S+)");
    private static final Pattern REQUEST_ID = Pattern.compile("Request ([0-9a-f-]{36}) ");
    private static Cluster cluster;
    private static Agent prod;
    private static Chromium chromium;
    private static String pin;
    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        Keycloak.start();
        cluster = new Cluster();
        cluster.start();
        prod = new Agent(cluster, "prod-db", "tunnel", Map.of("env", "prod"), null).start();
        Path setup = dir.resolve("sso.yaml");
        Files.writeString(setup, JitRoles.yaml(Cluster.LOGIN) + "---\n"
                + Keycloak.connectorYaml("keycloak", "gatehouse", cluster.webPort()));
        ok(cluster.gatectl("create", "-f", setup.toString()));
        pin = cluster.gatectl("status").out().lines().filter(l -> l.startsWith("CA pin:")).findFirst()
                .orElseThrow().split("\\s+")[2];
        chromium = new Chromium();
    }

    @AfterAll
    static void stop() {
        if (chromium != null) {
            chromium.close();
        }
        prod.close();
        cluster.close();
    }

    /** A running `gate login --auth=keycloak`: its link, the fingerprint it printed, its output so far. */
    private record GateLogin(Process process, BufferedReader lines, StringBuilder out, String link,
            String fingerprint) {
        static GateLogin start(Path home) throws Exception {
            ProcessBuilder pb = new ProcessBuilder(Cluster.REPO.resolve("bin/gate").toString(), "login",
                    "--auth=keycloak", "--proxy=127.0.0.1:" + cluster.webPort(), "--ca-pin=" + pin)
                    .redirectErrorStream(true);
            pb.environment().put("GATE_HOME", home.toString());
            pb.environment().put("BROWSER", "none");
            Process gate = pb.start();
            StringBuilder out = new StringBuilder();
            BufferedReader lines = new BufferedReader(new InputStreamReader(gate.getInputStream(),
                    StandardCharsets.UTF_8));
            String link = null;
            String fingerprint = null;
            for (String line; fingerprint == null && (line = lines.readLine()) != null; ) {
                out.append(line).append('\n');
                Matcher m = LINK.matcher(line);
                if (m.find()) {
                    link = m.group(1);
                }
                Matcher f = FINGERPRINT.matcher(line);
                if (f.find()) {
                    fingerprint = f.group(1);
                }
            }
            assertTrue(link != null && fingerprint != null, "gate printed no login link or fingerprint: " + out);
            return new GateLogin(gate, lines, out, link, fingerprint);
        }

        String port() {
            Matcher m = Pattern.compile("cli_port=(\\d+)").matcher(link);
            assertTrue(m.find(), link);
            return m.group(1);
        }

        /** Waits for gate to end; returns its exit code (its output is in out). */
        int finish() throws Exception {
            for (String line; (line = lines.readLine()) != null; ) {
                out.append(line).append('\n');
            }
            assertTrue(process.waitFor(30, TimeUnit.SECONDS), "gate did not finish: " + out);
            return process.exitValue();
        }
    }

    /**
     * The consent page after the provider: it names gate's port, the user and the key gate printed,
     * and the cookie that carries the login is __Host- (Secure, Path=/, no Domain).
     */
    private static void assertConsentPage(Page page, GateLogin gate, String user, List<String> setCookies) {
        try {
            page.locator("#allow").waitFor();
        } catch (com.microsoft.playwright.TimeoutError e) {
            throw new AssertionError("no consent page; the browser is at " + page.url(), e);
        }
        assertEquals("127.0.0.1:" + gate.port(), page.locator("#client").textContent());
        assertEquals(user, page.locator("#user").textContent());
        assertEquals(gate.fingerprint(), page.locator("#fingerprint").textContent());
        List<String> ours = setCookies.stream().filter(c -> c.startsWith("__Host-gatehouse_sso_cli=")).toList();
        assertTrue(!ours.isEmpty(), "the proxy set no __Host-gatehouse_sso_cli cookie: " + setCookies);
        for (String c : ours) {
            assertTrue(c.contains("; Secure") && c.contains("; Path=/;") && !c.toLowerCase().contains("domain="), c);
        }
        assertTrue(setCookies.stream().noneMatch(c -> c.startsWith("gatehouse_sso_cli=")), setCookies.toString());
    }

    /** Every Set-Cookie the proxy sends to this page. */
    private static List<String> setCookies(Page page) {
        List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        page.onResponse(r -> r.headersArray().stream().filter(h -> h.name.equalsIgnoreCase("set-cookie"))
                .forEach(h -> seen.addAll(List.of(h.value.split("\n")))));
        return seen;
    }

    /**
     * gate login --auth=keycloak with the browser part done in Chromium (in {@code browser}, which
     * keeps its Keycloak session): log in at Keycloak, check the consent page, press Sign in.
     */
    private static String ssoLogin(Path home, String user, String password, BrowserContext browser)
            throws Exception {
        GateLogin gate = GateLogin.start(home);
        Page page = browser.newPage();
        List<String> cookies = setCookies(page);
        java.util.List<String> failed = new java.util.concurrent.CopyOnWriteArrayList<>();
        page.onRequestFailed(r -> failed.add(r.url().substring(0, Math.min(120, r.url().length())) + " -> "
                + r.failure()));
        page.navigate(gate.link());
        try {
            page.waitForURL(Keycloak.URL + "/**");
        } catch (com.microsoft.playwright.TimeoutError e) {
            throw new AssertionError("the login link did not lead to Keycloak but to " + page.url() + ": "
                    + page.content().substring(0, Math.min(2000, page.content().length())), e);
        }
        page.locator("#username").fill(user);
        page.locator("#password").fill(password);
        page.locator("#kc-login").click();
        assertConsentPage(page, gate, user, cookies);
        page.locator("#allow").click();
        try {
            page.waitForURL("http://127.0.0.1:*/callback**");
        } catch (com.microsoft.playwright.TimeoutError e) {
            throw new AssertionError("after consent the browser is at " + page.url() + ", not gate's port; failed: "
                    + failed + "; page: " + page.content().substring(0, Math.min(1000, page.content().length())), e);
        }
        assertTrue(page.content().contains("you are logged in"), page.content());
        assertEquals(0, gate.finish(), gate.out().toString());
        page.close();
        return gate.out().toString();
    }

    private static String ssoLogin(Path home, String user, String password) throws Exception {
        BrowserContext browser = chromium.newContext();
        try {
            return ssoLogin(home, user, password, browser);
        } finally {
            browser.close();
        }
    }

    /** Successful logins and certificates for {@code user} since {@code since}, as the audit log has them. */
    private static List<String> issued(String user, Instant since) {
        List<String> rows = new java.util.ArrayList<>();
        for (String type : List.of("user.login", "cert.create")) {
            Proc.Result r = cluster.gatectl("audit", "ls", "--type=" + type, "--user=" + user, "--from=" + since);
            ok(r);
            r.out().lines().filter(l -> l.contains(type) && !l.toLowerCase().contains("fail")).forEach(rows::add);
        }
        return rows;
    }

    /**
     * The attack: mallory runs gate login herself and sends dev the link. dev, still signed in at
     * Keycloak, clicks it. Without consent, certificates for dev would go to mallory's key; now the
     * browser stops at a page showing mallory's gate port and key, nothing is issued, another
     * origin cannot answer it, and Cancel tells mallory's gate no.
     */
    @Test
    void aLoginLinkFromSomeoneElseIssuesNothingWithoutTheUsersConsent() throws Exception {
        BrowserContext devBrowser = chromium.newContext();
        try {
            ssoLogin(dir.resolve("gate-dev-own"), "dev", "dev-password", devBrowser);
            Instant since = Instant.now();
            GateLogin mallory = GateLogin.start(dir.resolve("gate-mallory"));
            Page page = devBrowser.newPage();
            List<String> cookies = setCookies(page);
            page.navigate(mallory.link());
            assertConsentPage(page, mallory, "dev", cookies);
            Chromium.screenshot(page, "sso-consent");
            Thread.sleep(1000);
            assertTrue(mallory.process().isAlive(), "mallory's gate got an answer without dev's consent: "
                    + mallory.out());
            assertEquals(List.of(), issued("dev", since), "nothing is issued before the click");

            // Another site posting the answer (even with the token and dev's cookies) is refused.
            String token = page.locator("input[name=token]").getAttribute("value");
            var forged = devBrowser.request().post("https://127.0.0.1:" + cluster.webPort()
                    + "/v1/webapi/sso/consent", com.microsoft.playwright.options.RequestOptions.create()
                    .setHeader("Origin", "https://evil.example").setMaxRedirects(0)
                    .setForm(com.microsoft.playwright.options.FormData.create().set("token", token)
                            .set("decision", "allow")));
            assertEquals(403, forged.status(), forged.text());
            assertEquals(List.of(), issued("dev", since), "nothing is issued for a cross-site post");

            page.locator("#deny").click();
            page.waitForURL("http://127.0.0.1:*/callback**");
            int exit = mallory.finish();
            assertTrue(exit != 0 && mallory.out().toString().contains("cancelled"), mallory.out().toString());
            assertTrue(!mallory.out().toString().contains("Roles:"), "mallory's gate logged in: " + mallory.out());
            assertEquals(List.of(), issued("dev", since), "nothing is issued after Cancel");
        } finally {
            devBrowser.close();
        }
    }

    @Test
    void devLogsInWithGateAsksForProdAndWorksThereOnceApproved() throws Exception {
        Path devHome = dir.resolve("gate-dev");
        Path leadHome = dir.resolve("gate-lead");
        String devOut = ssoLogin(devHome, "dev", "dev-password");
        assertTrue(devOut.contains("as dev") && devOut.contains("Roles:  dev"), devOut);
        String target = Cluster.LOGIN + "@prod-db";
        assertEquals(255, cluster.gate(devHome, null, "ssh", target, "true").exit(), "no prod access yet");

        var created = cluster.gate(devHome, null, "request", "new", "--roles=prod-access", "--reason=deploy 1.4.2");
        ok(created);
        Matcher m = REQUEST_ID.matcher(created.out());
        assertTrue(m.find(), created.out());
        String id = m.group(1);

        assertTrue(ssoLogin(leadHome, "lead", "lead-password").contains("as lead"));
        ok(cluster.gate(leadHome, null, "request", "review", id, "--approve", "--reason=ok for 1.4.2"));

        var assumed = cluster.gate(devHome, null, "login", "--request-id=" + id);
        ok(assumed);
        var onProd = cluster.gate(devHome, null, "ssh", target, "echo", "sso-$((6*7))");
        assertEquals(0, onProd.exit(), onProd.toString());
        assertEquals("sso-42", onProd.out().strip());
    }

    private static void ok(Proc.Result r) {
        assertEquals(0, r.exit(), r.toString());
    }
}
