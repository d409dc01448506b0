package io.gatehouse.agent.db.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * What the engine refuses between real clients and a real MariaDB: databases the roles do not allow
 * (however the USE is written or hidden), a change of user, packets out of order, auth plugins it
 * does not speak; and that a refusal comes in its turn among pipelined replies.
 */
class MysqlEngineChecksWithRealMariadbTest extends MariadbBehindTheEngine {
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
    void aUserOfAnAuthPluginGatehouseDoesNotSpeakIsRefusedWithWhatToDo() throws Exception {
        String out = mariadb("ed", "orders", "SELECT 1;");
        assertTrue(out.contains("ERROR 1045 (28000): the database 'orders-db' refused the login of database user 'ed': "
                + "the database user 'ed' logs in with the client_ed25519 plugin, which Gatehouse does not speak; use "
                + "mysql_native_password for that user"), out);
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
    @Order(10)
    void aUseThatOnlyDynamicSqlNamesEndsTheSessionWhenTheServerReportsIt() throws Exception {
        try (Connection c = jdbc("app", "orders", "useServerPrepStmts=true")) {
            SQLException prepared = assertThrows(SQLException.class, () -> c.prepareStatement("USE secret").execute());
            assertEquals(1044, prepared.getErrorCode(), "MariaDB prepares USE: checked like a query");
            c.createStatement().execute("EXECUTE IMMEDIATE CONCAT('USE ', 'other')"); // allowed: the session goes on
            SQLException dynamic = assertThrows(SQLException.class,
                    () -> c.createStatement().execute("EXECUTE IMMEDIATE CONCAT('USE ', 'sec', 'ret')"));
            assertTrue(dynamic.getMessage().contains("no role of alice allows database 'secret' on 'orders-db'; the "
                    + "session ends"), dynamic.getMessage());
            assertThrows(SQLException.class, () -> c.createStatement().executeQuery("SELECT DATABASE()"),
                    "nothing runs in the database the roles do not allow");
        }
        RecordingAudit audit = lastAudit();
        assertTrue(audit.ended.await(5, TimeUnit.SECONDS));
        assertTrue(audit.events.stream().anyMatch(e -> e.startsWith("refused USE secret (by a statement that named it "
                + "only when it ran")), audit.events.toString());
        assertEquals("ended no role of alice allows database 'secret' on 'orders-db'",
                audit.events.get(audit.events.size() - 1));
    }
}
