package io.gatehouse.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    /** gate login --auth=keycloak with the browser part done in Chromium; returns gate's output. */
    private static String ssoLogin(Path home, String user, String password) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Cluster.REPO.resolve("bin/gate").toString(), "login", "--auth=keycloak",
                "--proxy=127.0.0.1:" + cluster.webPort(), "--ca-pin=" + pin).redirectErrorStream(true);
        pb.environment().put("GATE_HOME", home.toString());
        pb.environment().put("BROWSER", "none");
        Process gate = pb.start();
        StringBuilder out = new StringBuilder();
        BufferedReader lines = new BufferedReader(new InputStreamReader(gate.getInputStream(), StandardCharsets.UTF_8));
        String link = null;
        for (String line; link == null && (line = lines.readLine()) != null; ) {
            out.append(line).append('\n');
            Matcher m = LINK.matcher(line);
            if (m.find()) {
                link = m.group(1);
            }
        }
        assertTrue(link != null, "gate printed no login link: " + out);
        Page page = chromium.newContext().newPage();
        java.util.List<String> failed = new java.util.concurrent.CopyOnWriteArrayList<>();
        page.onRequestFailed(r -> failed.add(r.url().substring(0, Math.min(120, r.url().length())) + " -> "
                + r.failure()));
        page.navigate(link);
        try {
            page.waitForURL(Keycloak.URL + "/**");
        } catch (com.microsoft.playwright.TimeoutError e) {
            throw new AssertionError("the login link did not lead to Keycloak but to " + page.url() + ": "
                    + page.content().substring(0, Math.min(2000, page.content().length())), e);
        }
        page.locator("#username").fill(user);
        page.locator("#password").fill(password);
        page.locator("#kc-login").click();
        try {
            page.waitForURL("http://127.0.0.1:*/callback**");
        } catch (com.microsoft.playwright.TimeoutError e) {
            throw new AssertionError("after Keycloak the browser is at " + page.url() + ", not gate's port; failed: "
                    + failed, e);
        }
        assertTrue(page.content().contains("you are logged in"), page.content());
        for (String line; (line = lines.readLine()) != null; ) {
            out.append(line).append('\n');
        }
        assertTrue(gate.waitFor(30, TimeUnit.SECONDS), "gate did not finish: " + out);
        assertEquals(0, gate.exitValue(), out.toString());
        page.context().close();
        return out.toString();
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
