package io.gatehouse.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.e2e.support.Agent;
import io.gatehouse.e2e.support.Cluster;
import io.gatehouse.e2e.support.JitRoles;
import io.gatehouse.e2e.support.Proc;
import io.gatehouse.e2e.support.ProxyCalls;
import io.gatehouse.e2e.support.SharedCluster;
import io.gatehouse.e2e.support.TotpCodes;
import io.gatehouse.e2e.support.Users;
import io.gatehouse.e2e.support.WebClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Just-in-time access with gate: a developer who cannot reach the prod node asks for prod-access
 * with a reason, cannot approve it herself, a lead approves it, she assumes it and works on the
 * node until the request's time is up; then she cannot. The audit log tells the story in order,
 * and a hostile reason reaches the lead's terminal inert. Her web terminal opened with the
 * request's roles is closed, with a message saying why, when the request expires or when she
 * cancels it.
 */
@SharedCluster
class DeveloperGetsReviewedTemporaryAccess {
    private static final Pattern REQUEST_ID = Pattern.compile("Request ([0-9a-f-]{36}) ");
    private static Cluster cluster;
    private static Agent prod;
    private static WebClient web;
    private static Path devHome;
    private static Path leadHome;
    /** delia's browser session (logged in once: each web login spends a TOTP step). */
    private static WebClient.Session deliaWeb;
    @TempDir
    static Path dir;

    @BeforeAll
    static void start(Cluster shared) throws Exception {
        cluster = shared;
        prod = new Agent(cluster, "prod-web", "tunnel", Map.of("env", "prod"), null).start();
        Path roles = dir.resolve("roles.yaml");
        Files.writeString(roles, JitRoles.yaml(Cluster.LOGIN));
        ok(cluster.gatectl("create", "-f", roles.toString()));
        web = new WebClient(cluster.webPort());
        Users.Enrolled delia = enrol("delia", "dev");
        devHome = gateLogin(delia);
        deliaWeb = web.login("delia", Users.PASSWORD, TotpCodes.code(delia.totpSecret(),
                TotpCodes.step(Instant.now()) + 1));
        leadHome = gateLogin(enrol("luis", "lead"));
    }

    @AfterAll
    static void stop() {
        prod.close();
    }

    @Test
    void aDeveloperAssumesAnApprovedRequestUntilItExpires() throws Exception {
        String target = Cluster.LOGIN + "@prod-web";

        var before = cluster.gate(devHome, null, "ssh", target, "true");
        assertEquals(255, before.exit(), before.toString());

        String hostile = "\u001b[2J\u001b]0;pwned\u0007<b>hotfix</b> for INC-7";
        var created = cluster.gate(devHome, null, "request", "new", "--roles=prod-access", "--reason=" + hostile,
                "--duration=40s");
        ok(created);
        Matcher m = REQUEST_ID.matcher(created.out());
        assertTrue(m.find(), created.out());
        String id = m.group(1);
        Instant expires = Instant.now().plusSeconds(40);

        var self = cluster.gate(devHome, null, "request", "review", id, "--approve", "--reason=trust me");
        assertEquals(5, self.exit(), self.toString());
        assertTrue(self.err().contains("cannot review your own access request"), self.toString());
        var early = cluster.gate(devHome, null, "login", "--request-id=" + id);
        assertEquals(5, early.exit(), early.toString());
        assertTrue(early.err().contains("still pending review"), early.toString());

        var listed = cluster.gate(leadHome, null, "request", "ls", "--state=pending");
        ok(listed);
        assertTrue(listed.out().contains(id) && listed.out().contains("<b>hotfix</b> for INC-7"), listed.out());
        assertFalse(listed.out().contains("\u001b") || listed.out().contains("\u0007"),
                "no escape or bell from the reason reaches the reviewer's terminal: " + listed.out());
        var approved = cluster.gate(leadHome, null, "request", "review", id, "--approve", "--reason=go ahead");
        ok(approved);
        assertTrue(approved.out().contains("State:    approved"), approved.out());
        // In the browser too: her web session takes the request's roles and opens a terminal on prod.
        WebClient.Terminal terminal = webTerminalOnProd(id, "web-prod");

        var assumed = cluster.gate(devHome, null, "login", "--request-id=" + id);
        ok(assumed);
        assertTrue(assumed.out().contains("prod-access"), assumed.out());
        var onProd = cluster.gate(devHome, null, "ssh", target, "echo", "on-prod-$((6*7))");
        assertEquals(0, onProd.exit(), onProd.toString());
        assertEquals("on-prod-42", onProd.out().strip());

        Thread.sleep(Math.max(0, expires.toEpochMilli() - System.currentTimeMillis()) + 3000);
        // The web terminal ended with the request (within 10 s of its end), and said why.
        WebClient.waitFor(() -> terminal.socket().isInputClosed(), Duration.ofMillis(Math.max(0,
                expires.plusSeconds(10).toEpochMilli() - System.currentTimeMillis())));
        assertTrue(terminal.socket().isInputClosed(), "the web terminal is closed by 10 s after the request's end: "
                + terminal.texts());
        assertTrue(terminal.texts().stream().anyMatch(t -> t.contains("access_expired")
                && t.contains("your access request " + id + " expired at")
                && t.contains("request access again")), terminal.texts().toString());

        var after = cluster.gate(devHome, null, "ssh", target, "true");
        assertEquals(5, after.exit(), after.toString());
        assertTrue(after.err().contains("certificate expired"), after.toString());
        var again = cluster.gate(devHome, null, "login", "--request-id=" + id);
        assertEquals(5, again.exit(), again.toString());
        assertTrue(again.err().contains("needs a current login"), again.toString());

        // The story in order: what happened (assumed twice: in the browser, then with gate), then each
        // refusal with its reason.
        assertEquals(List.of("access_request.create", "access_request.review", "access_request.assume",
                "access_request.assume", "access_request.expire"), storyOf(id, "success"));
        assertEquals(List.of("access_request.review", "access_request.assume"), storyOf(id, "failure"),
                "the self-review and the early assume were refused at auth, and audited");
    }

    @Test
    void cancellingAnApprovedRequestClosesTheWebTerminalOpenedUnderIt() throws Exception {
        var created = cluster.gate(devHome, null, "request", "new", "--roles=prod-access", "--reason=INC-8",
                "--duration=10m");
        ok(created);
        Matcher m = REQUEST_ID.matcher(created.out());
        assertTrue(m.find(), created.out());
        String id = m.group(1);
        ok(cluster.gate(leadHome, null, "request", "review", id, "--approve", "--reason=ok"));
        WebClient.Terminal terminal = webTerminalOnProd(id, "cancel-me");

        var cancel = web.call("POST", "/v1/webapi/access-requests/" + id + "/cancel", null, deliaWeb.cookie(),
                deliaWeb.token(), web.origin());
        assertEquals(200, cancel.status(), cancel.message());
        long cancelled = System.nanoTime();
        WebClient.waitFor(() -> terminal.socket().isInputClosed(), Duration.ofSeconds(15));
        assertTrue(terminal.socket().isInputClosed(), "the terminal is closed after the cancel: " + terminal.texts());
        assertTrue((System.nanoTime() - cancelled) / 1_000_000 <= 12_000, "within the 10 s check (and a margin)");
        assertTrue(terminal.texts().stream().anyMatch(t -> t.contains("access_expired")
                && t.contains("your access request " + id + " was cancelled")), terminal.texts().toString());
    }

    /** delia's web session assumes the request and opens a terminal on prod-web that answers a command. */
    private static WebClient.Terminal webTerminalOnProd(String requestId, String word) throws Exception {
        var assumed = web.call("POST", "/v1/webapi/access-requests/" + requestId + "/assume", null, deliaWeb.cookie(),
                deliaWeb.token(), web.origin());
        assertEquals(200, assumed.status(), assumed.message());
        var terminal = web.terminal(deliaWeb, web.origin(), "prod-web", Cluster.LOGIN, "echo " + word
                + "-$((6*7))\r", Duration.ofSeconds(1));
        WebClient.waitFor(() -> output(terminal).contains(word + "-42"), Duration.ofSeconds(15));
        assertTrue(output(terminal).contains(word + "-42"), "the web terminal on prod answers: " + terminal.texts()
                + " " + output(terminal));
        return terminal;
    }

    private static String output(WebClient.Terminal terminal) {
        synchronized (terminal.output()) {
            return terminal.output().toString();
        }
    }

    /** The request's events with this outcome, oldest first, as the audit log has them. */
    private static List<String> storyOf(String id, String outcome) throws Exception {
        ProxyCalls admin = new ProxyCalls(cluster.adminIdentity(), cluster.port());
        List<JsonNode> mine = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            mine.clear();
            for (String type : List.of("create", "review", "assume", "expire")) {
                admin.get("/v1/audit/events?limit=500&type=access_request." + type).body().path("events")
                        .forEach(e -> {
                            if (e.toString().contains(id) && e.path("outcome").asText().equals(outcome)) {
                                mine.add(e);
                            }
                        });
            }
            if (!outcome.equals("success") || mine.stream().anyMatch(e -> e.path("type").asText().endsWith("expire"))) {
                break;
            }
            Thread.sleep(500);
        }
        mine.sort(java.util.Comparator.comparingLong(e -> e.path("id").asLong()));
        return mine.stream().map(e -> e.path("type").asText()).toList();
    }

    private static Users.Enrolled enrol(String name, String role) throws Exception {
        var add = cluster.gatectl("users", "add", name, "--roles=" + role, "--logins=" + Cluster.LOGIN);
        ok(add);
        return Users.completeInvite(new ProxyCalls(cluster.proxyIdentity(), cluster.port()), name,
                Cluster.inviteToken(add.out()));
    }

    /** gate login with the current step's code (enrolment spent the previous one). */
    private static Path gateLogin(Users.Enrolled user) throws Exception {
        String name = user.name();
        String secret = user.totpSecret();
        Path home = dir.resolve("gate-" + name);
        String pin = cluster.gatectl("status").out().lines().filter(l -> l.startsWith("CA pin:")).findFirst()
                .orElseThrow().split("\\s+")[2];
        var login = cluster.gate(home, Users.PASSWORD + "\n" + TotpCodes.code(secret, TotpCodes.step(Instant.now()))
                + "\n", "login", "--proxy=127.0.0.1:" + cluster.webPort(), "--user=" + name, "--ca-pin=" + pin);
        ok(login);
        return home;
    }

    private static void ok(Proc.Result r) {
        assertEquals(0, r.exit(), r.toString());
    }
}
