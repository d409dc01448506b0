package io.gatehouse.agent.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.shared.api.NodeEvent;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DbAuditTrailTest {
    private final List<NodeEvent> events = new ArrayList<>();
    private final DbAuditTrail trail = new DbAuditTrail("node-1", events::add, Clock.systemUTC());
    private final DbAuditTrail.Who who = new DbAuditTrail.Who("alice", "orders-db", "app", "orders",
            "203.0.113.9:5555", "s-1", "postgres");

    @Test
    void controlCharactersAreShownEscapedAndLayoutKept() {
        assertEquals("select '\\u001b[31mred\\u0007'\n\tfrom t\\u000d \\u202e", DbAuditTrail.bounded(
                "select '\u001b[31mred\u0007'\n\tfrom t\r \u202e", 100));
    }

    @Test
    void longTextIsCutWithHowLongItWas() {
        String cut = DbAuditTrail.bounded("é".repeat(5000), 4096);
        assertEquals("é".repeat(4096) + "... [truncated: 10000 bytes in all]", cut);
    }

    @Test
    void eventsCarryTheSessionsFields() {
        DbAudit a = trail.session(who);
        a.started();
        a.query("select $1", List.of("x".repeat(1000), "\u001b"));
        a.refused("set role admin", "no role of alice allows database user 'admin' on 'orders-db'");
        a.ended("the connection to the database 'orders-db' was lost");
        assertEquals(List.of("db.session.start", "db.session.query", "db.session.refused", "db.session.end"),
                events.stream().map(NodeEvent::type).toList());
        NodeEvent q = events.get(1);
        assertEquals("alice", q.user());
        assertEquals("db/orders-db", q.resource());
        for (String k : List.of("db", "db_user", "db_name", "client_addr", "session_id", "protocol")) {
            assertTrue(q.fields().containsKey(k), k);
        }
        List<?> params = (List<?>) q.fields().get("parameters");
        assertTrue(((String) params.get(0)).length() < 300);
        assertEquals("\\u001b", params.get(1));
        assertFalse(events.get(3).success());
        assertEquals(Map.entry("error", "the connection to the database 'orders-db' was lost"), events.get(3).fields()
                .entrySet().stream().filter(e -> e.getKey().equals("error")).findFirst().orElseThrow());
    }
}
