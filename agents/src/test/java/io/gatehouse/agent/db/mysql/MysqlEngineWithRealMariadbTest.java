package io.gatehouse.agent.db.mysql;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.shared.db.mysql.Capabilities;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The engine serving real clients from a real MariaDB: logins, queries, prepared statements, large
 * values, LOAD DATA LOCAL, both ends going away. The last test kills the server.
 */
class MysqlEngineWithRealMariadbTest extends MariadbBehindTheEngine {
    @Test
    @Order(1)
    void theCertificateUserRunsQueriesOverTlsFromTheMariadbClient() throws Exception {
        String out = mariadb("app", "orders", "SELECT 1; SELECT CURRENT_USER(), DATABASE();\n"
                + "SELECT VARIABLE_VALUE LIKE 'TLS%' FROM information_schema.SESSION_STATUS "
                + "WHERE VARIABLE_NAME = 'Ssl_version';");
        assertTrue(out.startsWith("1\napp@%\torders\n1\n"), out);
        RecordingAudit audit = lastAudit();
        assertTrue(audit.ended.await(5, TimeUnit.SECONDS));
        assertEquals("started", audit.events.get(0));
        assertTrue(audit.events.contains("query SELECT CURRENT_USER(), DATABASE() []"), audit.events.toString());
        assertEquals("ended ", audit.events.get(audit.events.size() - 1), "COM_QUIT ends the session cleanly");
    }

    @Test
    @Order(3)
    void preparedStatementsAreAuditedWithTheirParameters() throws Exception {
        try (Connection c = jdbc("app", "orders", "useServerPrepStmts=true")) {
            c.createStatement().execute("CREATE TABLE IF NOT EXISTS people (id INT, name TEXT, score DOUBLE, born DATE)");
            try (var s = c.prepareStatement("INSERT INTO people VALUES (?, ?, ?, ?)")) {
                s.setInt(1, 41);
                s.setString(2, "bob");
                s.setDouble(3, 2.5);
                s.setDate(4, java.sql.Date.valueOf("1990-03-04"));
                s.executeUpdate();
                s.setInt(1, 42);
                s.setString(2, "carol");
                s.setNull(3, java.sql.Types.DOUBLE);
                s.setDate(4, java.sql.Date.valueOf("1991-05-06"));
                s.executeUpdate();
            }
            try (var s = c.prepareStatement("INSERT INTO people (id, name) VALUES (?, ?)")) {
                for (int i = 100; i < 150; i++) {
                    s.setInt(1, i);
                    s.setString(2, "batch-" + i);
                    s.addBatch();
                }
                s.executeBatch(); // MariaDB's COM_STMT_BULK_EXECUTE
            }
            try (var rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM people WHERE name LIKE 'batch-%'")) {
                assertTrue(rs.next());
                assertEquals(50, rs.getInt(1));
            }
            try (var s = c.prepareStatement("SELECT name, score FROM people WHERE id >= ? AND id < 100 ORDER BY id")) {
                s.setInt(1, 41);
                try (var rs = s.executeQuery()) {
                    assertTrue(rs.next());
                    assertEquals("bob", rs.getString(1));
                    assertEquals(2.5, rs.getDouble(2));
                    assertTrue(rs.next());
                    assertEquals("carol", rs.getString(1));
                    assertFalse(rs.next());
                }
            }
        }
        List<String> events = lastAudit().events;
        assertTrue(events.contains("query INSERT INTO people VALUES (?, ?, ?, ?) []"), events.toString());
        assertTrue(events.stream().anyMatch(e -> e.startsWith("query execute ") && e.contains(
                "INSERT INTO people VALUES (?, ?, ?, ?) [41, bob, 2.5, 1990-03-04")), events.toString());
        assertTrue(events.stream().anyMatch(e -> e.contains("[42, carol, NULL, 1991-05-06")), events.toString());
        assertTrue(events.stream().anyMatch(e -> e.contains("SELECT name, score FROM people WHERE id >= ? AND id < 100 "
                + "ORDER BY id [41]")), events.toString());
        assertTrue(events.stream().anyMatch(e -> e.startsWith("query bulk execute ")), events.toString());
    }

    @Test
    @Order(4)
    void aTwentyMibBlobGoesInAndComesBackIntactBothWays() throws Exception {
        byte[] blob = new byte[20 * 1024 * 1024];
        new SecureRandom().nextBytes(blob);
        for (String mode : List.of("useServerPrepStmts=true", "useServerPrepStmts=false")) {
            try (Connection c = jdbc("app", "orders", mode + "&maxAllowedPacket=67108864")) {
                c.createStatement().execute("CREATE TABLE IF NOT EXISTS blobs (id INT PRIMARY KEY, b LONGBLOB)");
                c.createStatement().execute("DELETE FROM blobs");
                try (var s = c.prepareStatement("INSERT INTO blobs VALUES (?, ?)")) {
                    s.setInt(1, 1);
                    s.setBytes(2, blob);
                    s.executeUpdate();
                }
                try (var s = c.prepareStatement("SELECT b, SHA2(b, 256) FROM blobs WHERE id = ?")) {
                    s.setInt(1, 1);
                    try (var rs = s.executeQuery()) {
                        assertTrue(rs.next());
                        byte[] back = rs.getBytes(1);
                        assertEquals(blob.length, back.length, mode);
                        assertArrayEquals(sha256(blob), sha256(back), mode);
                        assertEquals(hex(sha256(blob)), rs.getString(2), mode + ": the server stored the same bytes");
                    }
                }
            }
        }
        List<String> events = lastAudit().events;
        assertTrue(events.stream().anyMatch(e -> e.startsWith("query INSERT INTO blobs VALUES (1, _binary '")
                && e.length() < 40_000), "the 20 MiB text statement is audited bounded: " + events.size());
    }

    @Test
    @Order(6)
    void aPasswordUserLogsInWithThePasswordFromItsFile() throws Exception {
        assertEquals("pw@%\n", mariadb("pw", "orders", "SELECT CURRENT_USER();"));
        Files.writeString(passwordFile, "wrong\n");
        try {
            String out = mariadb("pw", "orders", "SELECT CURRENT_USER();");
            assertTrue(out.contains("ERROR 1045 (28000): the database 'orders-db' refused the login of database user "
                    + "'pw': Access denied for user 'pw'"), out);
        } finally {
            Files.writeString(passwordFile, PASSWORD + "\n");
        }
    }

    @Test
    @Order(6)
    void aClientThatGoesAwayEndsItsDatabaseConnection() throws Exception {
        String count = "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE USER = 'app';";
        assertEquals("0\n", db.sql(count));
        java.net.Socket s = new java.net.Socket("127.0.0.1", proxy.port());
        RawClient.loginOnly(s, "app", "orders");
        assertEquals("1\n", db.sql(count), "logged in through the engine");
        s.close(); // no COM_QUIT: the client just disappears
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!db.sql(count).equals("0\n") && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals("0\n", db.sql(count), "the engine closed its database connection");
        assertTrue(lastAudit().ended.await(5, TimeUnit.SECONDS));
    }

    @Test
    @Order(7)
    void multiStatementsAndTheirResultsPass() throws Exception {
        try (Connection c = jdbc("app", "orders", "allowMultiQueries=true")) {
            var s = c.createStatement();
            assertTrue(s.execute("SELECT 1 AS a; DO 0; SELECT 2 AS b, 3 AS c"));
            try (var rs = s.getResultSet()) {
                assertTrue(rs.next());
                assertEquals(1, rs.getInt(1));
            }
            assertFalse(s.getMoreResults());
            assertEquals(0, s.getUpdateCount());
            assertTrue(s.getMoreResults());
            try (var rs = s.getResultSet()) {
                assertTrue(rs.next());
                assertEquals(3, rs.getInt(2));
            }
        }
    }

    @Test
    @Order(8)
    void loadDataLocalSendsTheClientsFileThrough() throws Exception {
        Path csv = Files.createTempFile("rows", ".csv");
        try {
            Files.writeString(csv, "1,alpha\n2,beta\n3,gamma\n");
            String out = mariadb("app", "orders", "--local-infile=1", """
                    CREATE TABLE loaded (id INT, name TEXT);
                    LOAD DATA LOCAL INFILE '%s' INTO TABLE loaded FIELDS TERMINATED BY ',';
                    SELECT COUNT(*), MAX(name) FROM loaded;
                    """.formatted(csv));
            assertEquals("3\tgamma\n", out);
        } finally {
            Files.delete(csv);
        }
    }

    @Test
    @Order(9)
    void clientsWithoutDeprecateEofGetTheClassicFramingFollowedToo() throws Exception {
        try (ProxyPart classic = new ProxyPart(new MysqlEngine(), ProxyPart.OFFERED & ~Capabilities.DEPRECATE_EOF
                & ~Capabilities.MARIADB_CACHE_METADATA, this::session)) {
            try (Connection c = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:" + classic.port()
                    + "/orders?sslMode=disable&useServerPrepStmts=true&allowMultiQueries=true", "app", "")) {
                for (int round = 0; round < 3; round++) {
                    try (var s = c.prepareStatement("SELECT ? + 1, 'x'")) {
                        s.setInt(1, round);
                        try (var rs = s.executeQuery()) {
                            assertTrue(rs.next());
                            assertEquals(round + 1, rs.getInt(1));
                        }
                    }
                }
                var s = c.createStatement();
                assertTrue(s.execute("SELECT 1; SELECT 2"));
                assertTrue(s.getMoreResults());
                SQLException refused = assertThrows(SQLException.class, () -> c.setCatalog("secret"));
                assertEquals(1044, refused.getErrorCode());
            }
            List<String> events = lastAudit().events;
            assertTrue(events.stream().anyMatch(e -> e.startsWith("query execute statement ") && e.endsWith("[2]")),
                    "statement ids learned from COM_STMT_PREPARE_OK with EOF framing: " + events);
        }
    }

    @Test
    @Order(100)
    void theClientLearnsWithinFiveSecondsThatTheDatabaseDiedMidQuery() throws Exception {
        try (Connection c = jdbc("app", "orders", "")) {
            var s = c.createStatement();
            Thread.ofVirtual().start(() -> {
                try {
                    Thread.sleep(1_000);
                } catch (InterruptedException ignored) {
                    return;
                }
                db.kill();
            });
            long started = System.nanoTime();
            SQLException e = assertThrows(SQLException.class, () -> s.executeQuery("SELECT SLEEP(30)"));
            long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertTrue(tookMs < 6_000, "the client waited " + tookMs + " ms");
            assertTrue(e.getMessage().contains("Lost connection to the database 'orders-db' during query"),
                    e.getMessage());
        }
        RecordingAudit audit = lastAudit();
        assertTrue(audit.ended.await(5, TimeUnit.SECONDS));
        assertEquals("ended lost connection to the database 'orders-db'", audit.events.get(audit.events.size() - 1));
    }

    private static byte[] sha256(byte[] b) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(b);
    }

    private static String hex(byte[] b) {
        return java.util.HexFormat.of().formatHex(b);
    }
}
