package io.gatehouse.agent.db.postgres;

import static io.gatehouse.agent.db.postgres.AgentUnderTest.jdbc;
import static io.gatehouse.agent.db.postgres.AgentUnderTest.psql;
import static io.gatehouse.agent.db.postgres.AgentUnderTest.waitFor;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.agent.db.postgres.AgentUnderTest.Psql;
import io.gatehouse.shared.api.NodeEvent;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

/**
 * The PostgreSQL engine against a real PostgreSQL 15 that the test runs itself (TLS, client
 * certificates), driven by psql and the JDBC driver through a loopback relay that plays the
 * proxy's part: the query paths and their audit.
 */
class DbPostgresEngineTest extends RealPostgresAgentTest {
    @Test
    void selectOneThroughTheAgentWithItsClientCertificate() throws Exception {
        int port = agent.proxy("orders-db", "app");
        Psql r = psql(port, "app", "orders", "select 1", "select current_user");
        assertEquals(0, r.exit(), r.out());
        assertEquals("1\napp", r.out());
        List<NodeEvent> queries = agent.events("db.session.query");
        assertEquals(List.of("select 1", "select current_user"), queries.stream().map(e -> e.fields().get("query"))
                .toList());
        NodeEvent q = queries.get(0);
        assertEquals("alice", q.user());
        assertEquals("db/orders-db", q.resource());
        assertEquals("app", q.fields().get("db_user"));
        assertEquals("orders", q.fields().get("db_name"));
        assertEquals("postgres", q.fields().get("protocol"));
        assertFalse(String.valueOf(q.fields().get("client_addr")).isEmpty());
        assertEquals(1, agent.events("db.session.start").size()); // both -c in one session
        waitFor(() -> agent.events("db.session.end").size() == 1);
        assertTrue(agent.events("db.session.end").stream().allMatch(NodeEvent::success));
    }

    @Test
    void extendedProtocolThroughTheJdbcDriverWithParametersAudited() throws Exception {
        int port = agent.proxy("orders-db", "app");
        try (Connection c = jdbc(port, "app", "orders");
                PreparedStatement ps = c.prepareStatement("select ?::int + 1, ?::text || '!'")) {
            ps.setInt(1, 41);
            ps.setString(2, "hi");
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next());
                assertEquals(42, rs.getInt(1));
                assertEquals("hi!", rs.getString(2));
            }
        }
        NodeEvent q = agent.events("db.session.query").stream().filter(e -> String.valueOf(e.fields().get("query"))
                .startsWith("select $1::int")).findFirst().orElseThrow(() -> new AssertionError(agent.events));
        // The driver sends the int in binary (shown as hex), the text as text.
        assertEquals(List.of("\\x00000029", "hi"), q.fields().get("parameters"));
    }

    @Test
    void copyInAndOutOfTenMebibytes() throws Exception {
        int port = agent.proxy("orders-db", "app");
        StringBuilder data = new StringBuilder();
        for (int i = 0; data.length() < 10 << 20; i++) {
            data.append(i).append('\t').append("row ").append(i).append(" of the copy test\n");
        }
        byte[] in = data.toString().getBytes(StandardCharsets.UTF_8);
        try (Connection c = jdbc(port, "app", "orders")) {
            c.createStatement().execute("drop table if exists copied; create table copied (n int, t text)");
            var copy = c.unwrap(PGConnection.class).getCopyAPI();
            long rows = copy.copyIn("COPY copied FROM STDIN", new ByteArrayInputStream(in));
            assertEquals(data.chars().filter(ch -> ch == '\n').count(), rows);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            copy.copyOut("COPY (select * from copied order by n) TO STDOUT", out);
            assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(in),
                    MessageDigest.getInstance("SHA-256").digest(out.toByteArray()));
        }
    }

    @Test
    void theClientsCancelStopsARunningQuery() throws Exception {
        int port = agent.proxy("orders-db", "app");
        try (Connection c = jdbc(port, "app", "orders"); Statement s = c.createStatement()) {
            CompletableFuture<Void> running = CompletableFuture.runAsync(() -> {
                try {
                    s.execute("select pg_sleep(30)");
                } catch (SQLException e) {
                    throw new RuntimeException(e);
                }
            });
            Thread.sleep(500);
            long start = System.nanoTime();
            s.cancel(); // a CancelRequest on a connection of its own, with the agent's key
            ExecutionException e = assertThrows(ExecutionException.class, () -> running.get(5, TimeUnit.SECONDS));
            assertEquals("57014", ((SQLException) e.getCause().getCause()).getSQLState(), e.toString());
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(2));
            try (ResultSet rs = s.executeQuery("select 7")) { // the session goes on
                assertTrue(rs.next());
                assertEquals(7, rs.getInt(1));
            }
        }
    }

    @Test
    void notificationsAndStartupParametersPassThrough() throws Exception {
        int port = agent.proxy("orders-db", "app");
        try (Connection listener = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/orders?user=app"
                + "&sslmode=disable&ApplicationName=gh-test"); Connection sender = jdbc(port, "app", "orders")) {
            listener.createStatement().execute("LISTEN orders_changed");
            sender.createStatement().execute("NOTIFY orders_changed, 'order 7'");
            try (ResultSet rs = listener.createStatement().executeQuery("select current_setting('application_name')")) {
                assertTrue(rs.next());
                assertEquals("gh-test", rs.getString(1));
            }
            var notes = listener.unwrap(PGConnection.class).getNotifications(5000);
            assertEquals(1, notes.length);
            assertEquals("order 7", notes[0].getParameter());
        }
    }

    @Test
    void auditedStatementsAreEscapedAndBounded() throws Exception {
        int port = agent.proxy("orders-db", "app");
        try (Connection c = jdbc(port, "app", "orders"); Statement s = c.createStatement()) {
            s.execute("select '\u001b[31mred'");
            s.execute("select '" + "a".repeat(1 << 20) + "' as big");
        }
        List<String> texts = agent.events("db.session.query").stream().map(e -> String.valueOf(e.fields().get("query")))
                .toList();
        assertTrue(texts.contains("select '\\u001b[31mred'"), texts.toString());
        assertTrue(texts.stream().noneMatch(t -> t.indexOf('\u001b') >= 0));
        String big = texts.stream().filter(t -> t.startsWith("select 'aaa")).findFirst().orElseThrow();
        assertTrue(big.length() < 4200, "length " + big.length());
        assertTrue(big.endsWith("[truncated: " + ((1 << 20) + 16) + " bytes in all]"), big.substring(4000));
    }
}
