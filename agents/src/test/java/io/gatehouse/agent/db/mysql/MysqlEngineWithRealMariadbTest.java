package io.gatehouse.agent.db.mysql;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.agent.db.BackendLogin;
import io.gatehouse.agent.db.DatabaseConfig;
import io.gatehouse.agent.db.DbSession;
import io.gatehouse.shared.cert.Keys;
import io.gatehouse.shared.cert.UserIdentity;
import io.gatehouse.shared.db.mysql.Capabilities;
import io.gatehouse.shared.db.mysql.HandshakeResponse;
import io.gatehouse.shared.rbac.AccessChecker;
import io.gatehouse.shared.rbac.Traits;
import io.gatehouse.shared.resource.Resources;
import io.gatehouse.shared.resource.RoleSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The engine between real clients (the mariadb command-line client, MariaDB's JDBC driver) and a
 * real MariaDB 10.11 of the test's own with TLS, behind a loopback stand-in for the proxy. alice's
 * role allows database users app (certificate, REQUIRE SUBJECT '/CN=app') and pw (password) on the
 * databases orders and other, not secret. The last test kills the server.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MysqlEngineWithRealMariadbTest {
    private static final String STDERR = "--- stderr ---\n";
    private static final String PASSWORD = "pw-" + Long.toHexString(new SecureRandom().nextLong());

    private PrivateMariadb db;
    private ProxyPart proxy;
    private BackendLogin certificateLogin;
    private BackendLogin passwordLogin;
    private Path passwordFile;
    private final List<RecordingAudit> audits = new CopyOnWriteArrayList<>();
    private final AccessChecker roles = AccessChecker.of(List.of(Resources.parseYaml("""
            kind: role
            version: v1
            metadata: {name: dba}
            spec:
              allow:
                db_labels: {env: test}
                db_users: [app, pw]
                db_names: [orders, other]
            """, "test").get(0).as(RoleSpec.class)), Traits.EMPTY);

    @BeforeAll
    void start() throws Exception {
        db = new PrivateMariadb(true);
        db.sql("""
                CREATE DATABASE orders; CREATE DATABASE other; CREATE DATABASE secret;
                CREATE USER 'app'@'%' REQUIRE SUBJECT '/CN=app';
                GRANT ALL PRIVILEGES ON *.* TO 'app'@'%';
                CREATE USER 'pw'@'%' IDENTIFIED BY 'THE_PASSWORD';
                GRANT ALL PRIVILEGES ON *.* TO 'pw'@'%';
                INSTALL SONAME 'auth_ed25519';
                CREATE USER 'ed'@'%' IDENTIFIED VIA ed25519 USING PASSWORD('THE_PASSWORD');
                """.replace("THE_PASSWORD", PASSWORD));
        KeyPair key = Keys.generateEcdsaP256();
        certificateLogin = TestBackendLogin.certificate(db.serverCa, key, db.clientCertificate(key.getPublic(), "app"));
        passwordFile = Files.createTempFile("db-password", ".txt",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(passwordFile, PASSWORD + "\n");
        passwordLogin = TestBackendLogin.password(db.serverCa, passwordFile);
        proxy = new ProxyPart(new MysqlEngine(), ProxyPart.OFFERED, this::session);
    }

    @AfterAll
    void stop() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
        if (db != null) {
            db.close();
        }
        if (passwordFile != null) {
            Files.deleteIfExists(passwordFile);
        }
    }

    private DbSession session(HandshakeResponse r, Map<String, String> params) {
        RecordingAudit audit = new RecordingAudit();
        audits.add(audit);
        DatabaseConfig config = new DatabaseConfig("orders-db", "mysql", "127.0.0.1", db.port, Map.of("env", "test"),
                DatabaseConfig.TlsMode.VERIFY_FULL, Optional.empty(), Optional.empty());
        Instant now = Instant.now();
        UserIdentity alice = new UserIdentity("alice", List.of("dba"), Map.of(), List.of(), now, now.plusSeconds(3600),
                Map.of(), false, false, Optional.empty());
        BackendLogin login = r.user().equals("app") ? certificateLogin : passwordLogin;
        return new DbSession("s-" + audits.size(), config, alice, roles, r.user(), r.database().orElse(""), params,
                "127.0.0.1:5555", login, audit);
    }

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
    @Order(2)
    void useOfADatabaseTheRolesDoNotAllowIsRefusedAndOthersPass() throws Exception {
        String out = mariadb("app", "orders", """
                USE other;
                SELECT DATABASE();
                USE secret;
                SELECT DATABASE();
                DELIMITER //
                SELECT 'a'; /* switch */ use `secret` //
                SELECT 'b'; -- comment
                  USE orders //
                DELIMITER ;
                SELECT DATABASE();
                """);
        assertTrue(out.startsWith("other\nother\nb\norders\n" + STDERR), "USE secret changed nothing: " + out);
        assertTrue(out.contains("ERROR 1044 (42000) at line 3: no role of alice allows database 'secret' on "
                + "'orders-db'"), out);
        assertTrue(out.contains("ERROR 1044 (42000) at line 6: no role of alice allows database 'secret'"), out);
        assertFalse(out.contains("\na\n"), "a refused multi-statement query is not run at all: " + out);
        List<String> events = lastAudit().events;
        assertEquals(2, events.stream().filter(e -> e.startsWith("refused USE secret: no role of alice")).count(),
                events.toString());
        assertTrue(events.stream().anyMatch(e -> e.startsWith("query SELECT 'b';") && e.endsWith("USE orders []")),
                events.toString());
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
            try (var s = c.prepareStatement("SELECT name, score FROM people WHERE id >= ? ORDER BY id")) {
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
        assertTrue(events.stream().anyMatch(e -> e.contains("SELECT name, score FROM people WHERE id >= ? ORDER BY "
                + "id [41]")), events.toString());
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
    @Order(5)
    void initDbFromTheDriverIsCheckedAndChangeUserIsRefused() throws Exception {
        try (Connection c = jdbc("app", "orders", "useServerPrepStmts=false&allowMultiQueries=true")) {
            c.setCatalog("other");
            assertEquals("other", c.getCatalog());
            SQLException refused = assertThrows(SQLException.class, () -> c.setCatalog("secret"));
            assertEquals(1044, refused.getErrorCode());
            assertTrue(refused.getMessage().contains("no role of alice allows database 'secret' on 'orders-db'"),
                    refused.getMessage());
            for (String sneaky : List.of("/* hidden */ USE `secret`", "SELECT 1; -- x\n use secret",
                    "/*!USE secret*/", "/*M!100000 USE secret */", "SELECT ';', \"`\", '\\''; USE `sec``ret`")) {
                SQLException e = assertThrows(SQLException.class, () -> c.createStatement().execute(sneaky), sneaky);
                assertEquals(1044, e.getErrorCode(), sneaky);
            }
            c.createStatement().execute("SELECT 'USE secret', `use` FROM (SELECT 1 AS `use`) t; /* USE secret */");
            try (var rs = c.createStatement().executeQuery("SELECT DATABASE()")) {
                assertTrue(rs.next());
                assertEquals("other", rs.getString(1), "the session stays usable after a refusal");
            }
        }
        RawClient.Result r = RawClient.changeUser(proxy.port(), "app", "orders", "pw");
        assertEquals(1045, r.errorCode(), r.toString());
        assertTrue(r.message().contains("changing the database user within a session is not allowed through "
                + "Gatehouse; connect again with gate db connect --db-user=pw"), r.message());
        assertEquals("1", r.afterwards(), "the connection still answers queries as app");
        assertTrue(lastAudit().events.stream().anyMatch(e -> e.startsWith("refused change user to 'pw'")),
                lastAudit().events.toString());
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
    void aUserOfAnAuthPluginGatehouseDoesNotSpeakIsRefusedWithWhatToDo() throws Exception {
        String out = mariadb("ed", "orders", "SELECT 1;");
        assertTrue(out.contains("ERROR 1045 (28000): the database 'orders-db' refused the login of database user 'ed': "
                + "the database user 'ed' logs in with the client_ed25519 plugin, which Gatehouse does not speak; use "
                + "mysql_native_password for that user"), out);
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
    void aRefusalPipelinedBehindAQueryComesAfterItsReply() throws Exception {
        assertEquals(List.of("01/1", "03/2", "01/3", "fe/4", "ff/1", "01/1", "03/2", "05/3", "fe/4"),
                RawClient.pipelined(proxy.port(), "app", "orders", "secret"),
                "result set, ERR 1044, result set: each reply in the order of its command");
    }

    @Test
    @Order(8)
    void aUseHiddenByAnotherCharacterSetsReadingIsRefused() throws Exception {
        var sql = new java.io.ByteArrayOutputStream();
        sql.writeBytes("SET NAMES gbk; SELECT '".getBytes(StandardCharsets.US_ASCII));
        sql.write(0xbf); // with the backslash after it, one GBK character: the quote then ends the string
        sql.writeBytes("\\'; USE secret; -- '".getBytes(StandardCharsets.US_ASCII));
        Optional<io.gatehouse.shared.db.mysql.Replies.Error> err = RawClient.query(proxy.port(), "app", "orders",
                sql.toByteArray());
        assertTrue(err.isPresent() && err.get().code() == 1044, err.toString());
    }

    @Test
    @Order(8)
    void aCommandNumberedOtherThanZeroDoesNotSlipPastTheChecks() throws Exception {
        assertEquals("closed", RawClient.outOfSequence(proxy.port(), "app", "orders", 3, "USE secret"));
        assertTrue(lastAudit().ended.await(5, TimeUnit.SECONDS));
        assertTrue(lastAudit().events.get(lastAudit().events.size() - 1).startsWith("ended the client sent a packet "
                + "out of order"), lastAudit().events.toString());
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

    private RecordingAudit lastAudit() {
        return audits.get(audits.size() - 1);
    }

    /** The client's output, then (if any) STDERR and its errors: the two streams interleave unpredictably. */
    private String mariadb(String user, String database, String script) throws Exception {
        return mariadb(user, database, "--local-infile=0", script);
    }

    private String mariadb(String user, String database, String option, String script) throws Exception {
        Path errors = Files.createTempFile("mariadb", ".err");
        try {
            Process p = new ProcessBuilder("mariadb", "--no-defaults", "--force", "--batch", "--skip-column-names",
                    "--skip-ssl", option, "-h", "127.0.0.1", "-P", String.valueOf(proxy.port()), "-u", user, "-D", database)
                    .redirectError(errors.toFile()).start();
            p.getOutputStream().write(script.getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            String err = Files.readString(errors);
            return err.isEmpty() ? out : out + STDERR + err;
        } finally {
            Files.delete(errors);
        }
    }

    private Connection jdbc(String user, String database, String options) throws SQLException {
        return DriverManager.getConnection("jdbc:mariadb://127.0.0.1:" + proxy.port() + "/" + database
                + "?sslMode=disable&" + options, user, "");
    }

    private static byte[] sha256(byte[] b) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(b);
    }

    private static String hex(byte[] b) {
        return java.util.HexFormat.of().formatHex(b);
    }
}
