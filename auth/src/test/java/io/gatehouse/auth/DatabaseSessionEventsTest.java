package io.gatehouse.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.gatehouse.auth.testing.AuthClient;
import io.gatehouse.auth.testing.DbAgents;
import io.gatehouse.auth.testing.PostgresTestResource;
import io.gatehouse.auth.testing.TestCluster;
import io.gatehouse.shared.api.NodeEvent;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Database audit events at auth: the serving agent reports its sessions and statements, a running
 * session is listed as active (kind db), and neither another agent nor the proxy can write a
 * database session that is not theirs to report.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
class DatabaseSessionEventsTest {
    private static final String PATH = "/v1/audit/node-events";
    private static AuthClient owner;
    private static AuthClient rogue;

    @BeforeAll
    static void agents() throws Exception {
        owner = DbAgents.join("dbe-owner").client();
        rogue = DbAgents.join("dbe-rogue").client();
        DbAgents.announce(owner, "dbe-orders", "postgres", Map.of());
        DbAgents.announce(rogue, "dbe-other", "postgres", Map.of());
    }

    private static NodeEvent.Batch event(String type, String resource, String session, Map<String, Object> more) {
        var fields = new java.util.LinkedHashMap<String, Object>(Map.of("session_id", session, "db", "dbe-orders",
                "db_user", "app", "db_name", "orders", "protocol", "postgres", "client_addr", "10.1.2.3:5555"));
        fields.putAll(more);
        fields.values().removeIf(v -> v.equals(""));
        return new NodeEvent.Batch(List.of(new NodeEvent(UUID.randomUUID().toString(), type, true, Instant.now(),
                "erin", resource, fields)));
    }

    @Test
    void theServingAgentsSessionIsActiveUntilItEnds() throws Exception {
        String session = UUID.randomUUID().toString();
        assertEquals(200, owner.postJson(PATH, event("db.session.start", "db/dbe-orders", session, Map.of()))
                .status());
        assertEquals(200, owner.postJson(PATH, event("db.session.query", "db/dbe-orders", session,
                Map.of("query", "select 1"))).status());
        JsonNode active = activeSession(session);
        assertEquals("erin", active.path("user").asText());
        assertEquals("dbe-orders", active.path("node").asText(), "the database's name");
        assertEquals("app", active.path("login").asText(), "the database user");
        assertEquals("db", active.path("kind").asText());
        assertEquals(200, owner.postJson(PATH, event("db.session.end", "db/dbe-orders", session, Map.of())).status());
        assertTrue(activeSession(session).isMissingNode(), "an ended database session is no longer active");
        var queries = TestCluster.admin().get("/v1/audit/events?type=db.session.query&user=erin").body().toString();
        assertTrue(queries.contains(session) && queries.contains("dbe-owner"), "stored with its reporter: " + queries);
    }

    @Test
    void anotherAgentCannotReportSessionsOfADatabaseItDoesNotServe() throws Exception {
        String session = UUID.randomUUID().toString();
        assertEquals(200, owner.postJson(PATH, event("db.session.start", "db/dbe-orders", session, Map.of()))
                .status());
        for (var forged : List.of(event("db.session.end", "db/dbe-orders", session, Map.of()),
                event("db.session.start", "db/dbe-orders", UUID.randomUUID().toString(), Map.of()),
                event("db.session.query", "db/dbe-nosuch", UUID.randomUUID().toString(), Map.of()),
                // Its own database as the resource, the victim's in the db field the session list reads.
                event("db.session.start", "db/dbe-other", UUID.randomUUID().toString(), Map.of()),
                event("db.session.start", "node/dbe-rogue", UUID.randomUUID().toString(), Map.of("db", "dbe-other")),
                // About itself as a node, with no db field: still not a database it names and serves.
                event("db.session.start", "node/dbe-rogue", UUID.randomUUID().toString(), Map.of("db", "")))) {
            var r = rogue.postJson(PATH, forged);
            assertEquals(403, r.status(), forged + " " + r.body());
        }
        assertEquals("app", activeSession(session).path("login").asText(), "the victim's session is still running");
        assertEquals(200, rogue.postJson(PATH, event("db.session.start", "db/dbe-other", UUID.randomUUID().toString(),
                Map.of("db", "dbe-other"))).status(), "its own database's events go through");
    }

    @Test
    void theProxyReportsOnlyRefusals() throws Exception {
        var proxy = TestCluster.proxy();
        assertEquals(200, proxy.postJson(PATH, event("db.session.refused", "db/dbe-orders", UUID.randomUUID()
                .toString(), Map.of("reason", "no role allows"))).status());
        var started = proxy.postJson(PATH, event("db.session.start", "db/dbe-orders", UUID.randomUUID().toString(),
                Map.of()));
        assertEquals(400, started.status(), started.body().toString());
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
}
