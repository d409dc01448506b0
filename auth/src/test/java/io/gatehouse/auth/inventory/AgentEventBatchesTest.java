package io.gatehouse.auth.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.auth.testing.AuthClient;
import io.gatehouse.auth.testing.DbAgents;
import io.gatehouse.auth.testing.PostgresTestResource;
import io.gatehouse.auth.testing.TestCluster;
import io.gatehouse.shared.api.NodeEvent;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Array;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An agent's batches of audit events as a database session's statements make them (200 at a time, four
 * sessions interleaved), checked row by row in PostgreSQL: stored whole with the sender recorded, once
 * however often they are resent, and not at all when one event of the batch claims what its agent does not own.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
class AgentEventBatchesTest {
    private static final String PATH = "/v1/audit/node-events";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestCluster.JoinedNode agent;
    private static TestCluster.JoinedNode other;

    @BeforeAll
    static void agents() throws Exception {
        agent = DbAgents.join("aeb-agent");
        other = DbAgents.join("aeb-other");
        DbAgents.announce(agent.client(), "aeb-orders", "postgres", Map.of());
        DbAgents.announce(other.client(), "aeb-payroll", "postgres", Map.of());
    }

    private static NodeEvent query(String db, String session, int n) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("query", "SELECT abalance FROM pgbench_accounts WHERE aid = " + n + ";");
        fields.put("db", db);
        fields.put("db_user", "bench");
        fields.put("session_id", session);
        fields.put("parameters", List.of(String.valueOf(n), "two"));
        fields.put("rows", n);
        fields.put("node", "someone-else"); // the sender's own word: auth records who really sent it
        fields.put("host_id", "someone-elses-host");
        // PostgreSQL keeps microseconds.
        return new NodeEvent(UUID.randomUUID().toString(), "db.session.query", n % 7 != 0,
                Instant.now().truncatedTo(ChronoUnit.MICROS).minusMillis(1000 - n), "erin", "db/" + db, fields);
    }

    private static List<NodeEvent> statements(int count, String db) {
        List<String> sessions = List.of(UUID.randomUUID().toString(), UUID.randomUUID().toString(),
                UUID.randomUUID().toString(), UUID.randomUUID().toString());
        List<NodeEvent> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            events.add(query(db, sessions.get(i % sessions.size()), i));
        }
        return events;
    }

    @Test
    void aBatchOf200IsStoredInOrderWithItsFieldsAndItsSender() throws Exception {
        List<NodeEvent> events = statements(200, "aeb-orders");
        var r = agent.client().postJson(PATH, new NodeEvent.Batch(events));
        assertEquals(200, r.status(), r.body().toString());
        assertEquals(200, r.body().path("stored").size());
        List<Map<String, Object>> rows = rows(events);
        assertEquals(200, rows.size());
        for (int i = 0; i < events.size(); i++) {
            NodeEvent e = events.get(i);
            Map<String, Object> row = rows.get(i);
            assertEquals(e.id(), row.get("event_key"), "stored in the order sent");
            assertEquals(e.time(), row.get("time"));
            assertEquals("db.session.query", row.get("type"));
            assertEquals(e.success() ? "TDB02I" : "TDB02W", row.get("code"));
            assertEquals(e.success() ? "success" : "failure", row.get("outcome"));
            assertEquals("erin", row.get("username"));
            assertEquals("db/aeb-orders", row.get("resource"));
            JsonNode fields = JSON.readTree((String) row.get("fields"));
            assertEquals(e.fields().get("query"), fields.path("query").asText());
            assertEquals(e.fields().get("session_id"), fields.path("session_id").asText());
            assertEquals(List.of(String.valueOf(i), "two"), JSON.convertValue(fields.path("parameters"), List.class));
            assertEquals(i, fields.path("rows").asInt());
            assertEquals(8, fields.size(), "the event's fields, its sender and host, nothing else: " + fields);
            assertEquals("aeb-agent", fields.path("node").asText(), "the sender, not what it wrote");
            assertEquals(agent.hostId(), fields.path("host_id").asText());
        }
    }

    @Test
    void resentEventsAreStoredOnceAndAcknowledgedEveryTime() throws Exception {
        List<NodeEvent> events = statements(50, "aeb-orders");
        List<NodeEvent> withRepeats = new ArrayList<>(events);
        withRepeats.add(events.get(3)); // twice in one batch
        var first = agent.client().postJson(PATH, new NodeEvent.Batch(withRepeats));
        assertEquals(200, first.status(), first.body().toString());
        List<NodeEvent> resent = new ArrayList<>(events.subList(0, 20));
        resent.addAll(statements(5, "aeb-orders")); // a retry, with events that came since
        var second = agent.client().postJson(PATH, new NodeEvent.Batch(resent));
        assertEquals(200, second.status(), second.body().toString());
        assertEquals(25, second.body().path("stored").size(), "every event of a retry is acknowledged");
        List<NodeEvent> all = new ArrayList<>(events);
        all.addAll(resent.subList(20, 25));
        assertEquals(55, rows(all).size(), "each event id stored once");
    }

    @Test
    void oneForgedEventRefusesTheWholeBatchAndTheRefusalIsAudited() throws Exception {
        String victimSession = UUID.randomUUID().toString();
        var victims = statements(1, "aeb-payroll").stream().map(e -> withField(e, "session_id", victimSession))
                .toList();
        assertEquals(200, other.client().postJson(PATH, new NodeEvent.Batch(victims)).status());
        String session = UUID.randomUUID().toString();
        List<NodeEvent> forgeries = List.of(
                // One of a session's statements names another database than its resource (the others do not).
                withField(withField(statements(1, "aeb-orders").get(0), "session_id", session), "db", "aeb-payroll"),
                // Another host's session.
                withField(statements(1, "aeb-orders").get(0), "session_id", victimSession),
                // A database another agent serves, and one nobody serves.
                statements(1, "aeb-payroll").get(0), statements(1, "aeb-nosuch").get(0),
                // An app's session event filed under a database this agent does serve.
                new NodeEvent(UUID.randomUUID().toString(), "app.session.start", true, Instant.now(), "erin",
                        "db/aeb-orders", Map.of("app", "aeb-orders", "session_id", session)));
        for (NodeEvent forged : forgeries) {
            List<NodeEvent> batch = new ArrayList<>(statements(199, "aeb-orders"));
            batch.set(0, withField(batch.get(0), "session_id", session));
            batch.add(forged);
            var r = agent.client().postJson(PATH, new NodeEvent.Batch(batch));
            assertEquals(403, r.status(), forged.fields() + ": " + r.status());
            assertTrue(r.errorMessage().contains(forged.id()), "names the forged event: " + r.errorMessage());
            assertEquals(0, rows(batch).size(), "nothing of a refused batch is stored");
            assertEquals(0, ownedSessions(batch), "nor are its sessions claimed");
            assertTrue(audited(forged.id()), "the refusal is audited");
        }
        assertEquals(1, rows(victims).size(), "the victim's event is untouched");
    }

    private static NodeEvent withField(NodeEvent e, String key, String value) {
        Map<String, Object> fields = new LinkedHashMap<>(e.fields());
        fields.put(key, value);
        return new NodeEvent(e.id(), e.type(), e.success(), e.time(), e.user(), e.resource(), fields);
    }

    /** The stored rows of these events, in id order. */
    private static List<Map<String, Object>> rows(List<NodeEvent> events) throws Exception {
        try (var db = PostgresTestResource.connect(PostgresTestResource.jdbcUrl());
                var st = db.prepareStatement("SELECT event_key, time, type, code, username, resource, outcome, "
                        + "fields FROM audit_events WHERE event_key = ANY(?) ORDER BY id")) {
            Array keys = db.createArrayOf("text", events.stream().map(NodeEvent::id).toArray());
            st.setArray(1, keys);
            List<Map<String, Object>> out = new ArrayList<>();
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (String column : List.of("event_key", "type", "code", "username", "resource", "outcome",
                            "fields")) {
                        row.put(column, rs.getString(column));
                    }
                    row.put("time", rs.getTimestamp("time").toInstant());
                    out.add(row);
                }
            }
            return out;
        }
    }

    private static int ownedSessions(List<NodeEvent> events) throws Exception {
        try (var db = PostgresTestResource.connect(PostgresTestResource.jdbcUrl());
                var st = db.prepareStatement("SELECT count(*) FROM session_owners WHERE session_id = ANY(?) "
                        + "AND host_id = ?")) {
            st.setArray(1, db.createArrayOf("text", events.stream().map(e -> e.fields().get("session_id")).toArray()));
            st.setString(2, agent.hostId());
            try (var rs = st.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static boolean audited(String eventId) throws Exception {
        try (var db = PostgresTestResource.connect(PostgresTestResource.jdbcUrl());
                var st = db.prepareStatement("SELECT count(*) FROM audit_events WHERE type = 'access.denied' "
                        + "AND username = 'aeb-agent' AND fields LIKE ?")) {
            st.setString(1, "%" + eventId + "%");
            try (var rs = st.executeQuery()) {
                rs.next();
                return rs.getInt(1) == 1;
            }
        }
    }
}
