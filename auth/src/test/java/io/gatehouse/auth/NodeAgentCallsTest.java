package io.gatehouse.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.gatehouse.auth.testing.AuthClient;
import io.gatehouse.auth.testing.PostgresTestResource;
import io.gatehouse.auth.testing.TestCluster;
import io.gatehouse.shared.api.CreateTokenRequest;
import io.gatehouse.shared.api.HostCertsResponse;
import io.gatehouse.shared.api.JoinRequest;
import io.gatehouse.shared.api.NodeEvent;
import io.gatehouse.shared.api.NodeHeartbeat;
import io.gatehouse.shared.cert.IdentityFile;
import io.gatehouse.shared.cert.Keys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What an agent does with auth once joined: heartbeat, read roles for RBAC, deliver audit events. */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
class NodeAgentCallsTest {

    /** Joins a node the way an agent does and returns a client acting as that node. */
    static AuthClient joinedNode(String name) throws Exception {
        return joinedNode(name, null);
    }

    /** As {@link #joinedNode(String)}, with a token that pins the node's direct address to {@code addr}. */
    static AuthClient joinedNode(String name, String addr) throws Exception {
        return TestCluster.joinNode(name, addr).client();
    }

    @Test
    void aNodeHeartbeatsItsOwnResourceWithLabels() throws Exception {
        AuthClient node = joinedNode("web-7", "10.0.0.7:3022");
        var first = node.postJson("/v1/nodes/heartbeat", new NodeHeartbeat("10.0.0.7:3022", Map.of("env", "dev"),
                "90s"));
        assertEquals(200, first.status(), first.body().toString());
        node.postJson("/v1/nodes/heartbeat", new NodeHeartbeat("10.0.0.7:3022", Map.of("env", "staging"), "90s"));
        var stored = TestCluster.admin().get("/v1/resources/node/web-7");
        assertEquals("staging", stored.body().path("metadata").path("labels").path("env").asText());
        Instant expires = Instant.parse(stored.body().path("metadata").path("expires").asText());
        assertTrue(expires.isAfter(Instant.now().plusSeconds(60)), "online for about 3 intervals");
        var created = TestCluster.admin().get("/v1/audit/events?type=node.create&user=web-7");
        assertEquals(1, created.body().path("events").size(), "registration is audited once, not every beat");
    }

    @Test
    void aNodeReadsRolesButCannotChangeThem() throws Exception {
        AuthClient node = joinedNode("web-8");
        assertEquals(200, node.get("/v1/resources/role/access").status());
        var write = node.postYaml("/v1/resources", "kind: role\nversion: v1\nmetadata: {name: sneaky}\nspec: {}\n");
        assertEquals(403, write.status());
        assertEquals(403, node.get("/v1/resources/user").status(), "users are none of a node's business");
    }

    @Test
    void onlyNodesHeartbeat() throws Exception {
        var r = TestCluster.proxy().postJson("/v1/nodes/heartbeat", new NodeHeartbeat("x", Map.of(), null));
        assertEquals(403, r.status());
    }

    @Test
    void nodeEventsAreStoredOnceEvenWhenResent() throws Exception {
        AuthClient node = joinedNode("web-9");
        String sessionId = UUID.randomUUID().toString();
        var batch = new NodeEvent.Batch(List.of(
                new NodeEvent(UUID.randomUUID().toString(), "session.start", true, Instant.now(), "alice",
                        "node/web-9", Map.of("session_id", sessionId, "login", "root")),
                new NodeEvent(UUID.randomUUID().toString(), "session.end", true, Instant.now(), "alice",
                        "node/web-9", Map.of("session_id", sessionId))));
        assertEquals(200, node.postJson("/v1/audit/node-events", batch).status());
        assertEquals(200, node.postJson("/v1/audit/node-events", batch).status(), "a retry is acknowledged too");
        var stored = TestCluster.admin().get("/v1/audit/events?user=alice&type=session.start");
        long mine = 0;
        for (var e : stored.body().path("events")) {
            if (sessionId.equals(e.path("fields").path("session_id").asText())) {
                mine++;
                assertEquals("web-9", e.path("fields").path("node").asText(), "the sending node is recorded");
            }
        }
        assertEquals(1, mine);
    }

    @Test
    void desktopSessionsAreActiveUntilTheyEndAndFailedLogonsNever() throws Exception {
        AuthClient agent = joinedNode("desk-1");
        assertEquals(200, agent.postJson("/v1/desktops/heartbeat", new io.gatehouse.shared.api.DesktopHeartbeat(
                List.of(new io.gatehouse.shared.api.DesktopHeartbeat.Desktop("dev-desk", "127.0.0.1:3389", Map.of())),
                "90s")).status());
        String running = UUID.randomUUID().toString();
        String refused = UUID.randomUUID().toString();
        assertEquals(200, agent.postJson("/v1/audit/node-events", new NodeEvent.Batch(List.of(
                new NodeEvent(UUID.randomUUID().toString(), "desktop.start", true, Instant.now(), "dora",
                        "desktop/dev-desk", Map.of("session_id", running, "login", "rdp-user")),
                new NodeEvent(UUID.randomUUID().toString(), "desktop.start", false, Instant.now(), "dora",
                        "desktop/dev-desk", Map.of("session_id", refused, "login", "rdp-user", "reason", "logon"))))).status());
        var listed = activeSession(running);
        assertEquals("dora", listed.path("user").asText());
        assertEquals("dev-desk", listed.path("node").asText(), "the desktop's name, as a node's would be");
        assertEquals("rdp-user", listed.path("login").asText());
        assertEquals("desktop", listed.path("kind").asText());
        assertTrue(activeSession(refused).isMissingNode(), "a desktop whose logon failed never ran");

        assertEquals(200, agent.postJson("/v1/audit/node-events", new NodeEvent.Batch(List.of(new NodeEvent(
                UUID.randomUUID().toString(), "desktop.end", true, Instant.now(), "dora", "desktop/dev-desk",
                Map.of("session_id", running, "login", "rdp-user"))))).status());
        assertTrue(activeSession(running).isMissingNode(), "an ended desktop session is no longer active");
    }

    private static JsonNode activeSession(String id) throws Exception {
        var reply = TestCluster.admin().get("/v1/sessions/active");
        assertEquals(200, reply.status(), reply.body().toString());
        for (var s : reply.body()) {
            if (id.equals(s.path("session_id").asText())) {
                return s;
            }
        }
        return MissingNode.getInstance();
    }

    @Test
    void aNodeCannotWriteEventsAboutAnotherNodeItsDesktopsOrItsSessions() throws Exception {
        AuthClient victim = joinedNode("web-11");
        AuthClient rogue = joinedNode("web-12");
        String session = UUID.randomUUID().toString();
        assertEquals(200, victim.postJson("/v1/audit/node-events", batch("session.start", "node/web-11", session))
                .status());
        assertEquals(200, victim.postJson("/v1/desktops/heartbeat", new io.gatehouse.shared.api.DesktopHeartbeat(
                List.of(new io.gatehouse.shared.api.DesktopHeartbeat.Desktop("victim-desk", "127.0.0.1:3389",
                        Map.of())), "90s")).status());
        for (var forged : List.of(batch("session.start", "node/web-11", UUID.randomUUID().toString()),
                batch("session.end", "node/web-12", session),
                batch("desktop.start", "desktop/victim-desk", UUID.randomUUID().toString()),
                batch("session.start", "user/alice", UUID.randomUUID().toString()))) {
            var r = rogue.postJson("/v1/audit/node-events", forged);
            assertEquals(403, r.status(), forged + " " + r.body());
        }
        var stored = TestCluster.admin().get("/v1/audit/events?type=session.end&limit=1000").body().toString();
        assertTrue(!stored.contains(session), "the forged end of the victim's session is not stored");
        var refusals = TestCluster.admin().get("/v1/audit/events?type=access.denied&user=web-12").body();
        assertEquals(4, refusals.path("events").size(), "each refusal is audited: " + refusals);
        // The rogue's own events about itself still go through, with its host id recorded.
        assertEquals(200, rogue.postJson("/v1/audit/node-events", batch("session.start", "node/web-12",
                UUID.randomUUID().toString())).status());
    }

    private static NodeEvent.Batch batch(String type, String resource, String session) {
        return new NodeEvent.Batch(List.of(new NodeEvent(UUID.randomUUID().toString(), type, true, Instant.now(),
                "alice", resource, Map.of("session_id", session, "login", "alice"))));
    }

    @Test
    void aNodeCannotForgeOtherKindsOfEvents() throws Exception {
        AuthClient node = joinedNode("web-10");
        var r = node.postJson("/v1/audit/node-events", new NodeEvent.Batch(List.of(new NodeEvent(
                UUID.randomUUID().toString(), "user.login", true, Instant.now(), "admin", "user/admin", Map.of()))));
        assertEquals(400, r.status());
        assertTrue(r.errorMessage().contains("cannot come from a node"), r.errorMessage());
    }
}
