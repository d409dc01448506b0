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
import io.gatehouse.e2e.support.TotpCodes;
import io.gatehouse.e2e.support.Users;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * and a hostile reason reaches the lead's terminal inert.
 */
class DeveloperGetsReviewedTemporaryAccess {
    private static final Pattern REQUEST_ID = Pattern.compile("Request ([0-9a-f-]{36}) ");
    private static Cluster cluster;
    private static Agent prod;
    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        cluster = new Cluster();
        cluster.start();
        prod = new Agent(cluster, "prod-web", "tunnel", Map.of("env", "prod"), null).start();
        Path roles = dir.resolve("roles.yaml");
        Files.writeString(roles, JitRoles.yaml(Cluster.LOGIN));
        ok(cluster.gatectl("create", "-f", roles.toString()));
    }

    @AfterAll
    static void stop() {
        prod.close();
        cluster.close();
    }

    @Test
    void aDeveloperAssumesAnApprovedRequestUntilItExpires() throws Exception {
        Path devHome = login("dana", "dev");
        Path leadHome = login("luis", "lead");
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

        var assumed = cluster.gate(devHome, null, "login", "--request-id=" + id);
        ok(assumed);
        assertTrue(assumed.out().contains("prod-access"), assumed.out());
        var onProd = cluster.gate(devHome, null, "ssh", target, "echo", "on-prod-$((6*7))");
        assertEquals(0, onProd.exit(), onProd.toString());
        assertEquals("on-prod-42", onProd.out().strip());

        Thread.sleep(Math.max(0, expires.toEpochMilli() - System.currentTimeMillis()) + 3000);
        var after = cluster.gate(devHome, null, "ssh", target, "true");
        assertEquals(5, after.exit(), after.toString());
        assertTrue(after.err().contains("certificate expired"), after.toString());
        var again = cluster.gate(devHome, null, "login", "--request-id=" + id);
        assertEquals(5, again.exit(), again.toString());
        assertTrue(again.err().contains("needs a current login"), again.toString());

        // The story in order: what happened, then each refusal with its reason.
        assertEquals(List.of("access_request.create", "access_request.review", "access_request.assume",
                "access_request.expire"), storyOf(id, "success"));
        assertEquals(List.of("access_request.review", "access_request.assume"), storyOf(id, "failure"),
                "the self-review and the early assume were refused at auth, and audited");
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

    private static Path login(String name, String role) throws Exception {
        var add = cluster.gatectl("users", "add", name, "--roles=" + role, "--logins=" + Cluster.LOGIN);
        ok(add);
        String secret = Users.completeInvite(new ProxyCalls(cluster.proxyIdentity(), cluster.port()), name,
                Cluster.inviteToken(add.out())).totpSecret();
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
