package io.gatehouse.agent.db.postgres;

import static io.gatehouse.agent.db.postgres.AgentUnderTest.jdbc;
import static io.gatehouse.agent.db.postgres.AgentUnderTest.psql;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.agent.db.postgres.AgentUnderTest.Psql;
import io.gatehouse.shared.api.NodeEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Who gets to which database as whom, against a real PostgreSQL 15: password-only databases
 * (SCRAM, MD5), the database's certificate checked, the route and roles at the start and for
 * SET ROLE mid-session, and the agent's client certificates.
 */
class DbPostgresAccessTest extends RealPostgresAgentTest {
    @Test
    void passwordOnlyDatabasesWithScramAndMd5() throws Exception {
        Psql scram = psql(agent.proxy("pw-db", "pwuser"), "pwuser", "postgres", "select current_user");
        assertEquals(0, scram.exit(), scram.out());
        assertEquals("pwuser", scram.out());
        Psql md5 = psql(agent.proxy("md5-db", "md5user"), "md5user", "postgres", "select current_user");
        assertEquals(0, md5.exit(), md5.out());
        assertEquals("md5user", md5.out());
        // The only user whose password the agent has:
        Psql other = psql(agent.proxy("pw-db", "app"), "app", "postgres", "select 1");
        assertTrue(other.out().contains("accepts only database user 'pwuser'"), other.out());
    }

    @Test
    void scramLoginsGoOnWorkingWithTheKeysKeptAndAfterThePasswordChanges() throws Exception {
        int port = agent.proxy("pw-db", "pwuser");
        for (int i = 0; i < 3; i++) { // the second and third with the keys derived at the first
            Psql scram = psql(port, "pwuser", "postgres", "select current_user");
            assertEquals(0, scram.exit(), scram.out());
        }
        try {
            // A new password at the database (a new salt) and in the agent's file: derived again.
            pg.sql("ALTER ROLE pwuser PASSWORD 'n3w-Pa55'");
            agent.writePassword("n3w-Pa55");
            Psql changed = psql(port, "pwuser", "postgres", "select current_user");
            assertEquals(0, changed.exit(), changed.out());
            // The file alone changed back (the database still on the new one): refused, not served from memory.
            agent.writePassword(PrivatePostgres.PASSWORD);
            Psql stale = psql(port, "pwuser", "postgres", "select 1");
            assertTrue(stale.exit() != 0 && stale.out().contains("password authentication failed"), stale.out());
        } finally {
            pg.sql("ALTER ROLE pwuser PASSWORD '" + PrivatePostgres.PASSWORD + "'");
            agent.writePassword(PrivatePostgres.PASSWORD);
        }
    }

    @Test
    void aServerCertificateThatDoesNotNameTheHostIsRefused() throws Exception {
        Psql r = psql(agent.proxy("wrong-host", "app"), "app", "orders", "select 1");
        assertTrue(r.exit() != 0);
        assertTrue(r.out().contains("TLS with the database 'wrong-host'") && r.out().contains("verify-full"),
                r.out());
        NodeEvent refused = agent.events("db.session.refused").get(0);
        assertEquals("alice", refused.user());
        assertTrue(String.valueOf(refused.fields().get("reason")).contains("wrong-host"));
    }

    @Test
    void aRouteOrRoleThatDoesNotAllowTheUserIsRefused() throws Exception {
        Psql r = psql(agent.proxy("orders-db", "app"), "postgres", "orders", "select 1");
        assertTrue(r.out().contains("this certificate is for database user 'app' on 'orders-db'"), r.out());
        Psql roles = psql(agent.proxy("orders-db", "postgres"), "postgres", "orders", "select 1");
        assertTrue(roles.out().contains("no role of alice allows database user 'postgres' on 'orders-db'"),
                roles.out());
        assertEquals(2, agent.events("db.session.refused").size());
    }

    @Test
    void setRoleToAUserTheRolesDoNotAllowIsRefusedAndNotRun() throws Exception {
        int port = agent.proxy("orders-db", "app");
        try (Connection c = jdbc(port, "app", "orders"); Statement s = c.createStatement()) {
            for (String sql : List.of("SET ROLE admin", "/* hi */ sEt   LOCAL role \"admin\"", "select 1; set role admin",
                    "SET SESSION AUTHORIZATION admin")) {
                SQLException e = assertThrows(SQLException.class, () -> s.execute(sql), sql);
                assertTrue(e.getMessage().contains("no role of alice allows database user 'admin' on 'orders-db'"),
                        e.getMessage());
            }
            PreparedStatement ps = c.prepareStatement("set role admin");
            assertThrows(SQLException.class, ps::execute);
            try (ResultSet rs = s.executeQuery("select current_user")) {
                assertTrue(rs.next());
                assertEquals("app", rs.getString(1));
            }
            s.execute("set role none"); // back to the session user: allowed
        }
        assertTrue(agent.events("db.session.refused").size() >= 5, agent.events.toString());
    }

    @Test
    void aClientCertificateIsReusedUntilAMinuteBeforeItExpires() throws Exception {
        int port = agent.proxy("orders-db", "app");
        for (int i = 0; i < 3; i++) {
            assertEquals("1", psql(port, "app", "orders", "select 1").out());
        }
        assertEquals(1, agent.signed.get());
        try (AgentUnderTest shortLived = new AgentUnderTest(pg, Duration.ofSeconds(50))) {
            int again = shortLived.proxy("orders-db", "app");
            assertEquals("1", psql(again, "app", "orders", "select 1").out());
            assertEquals("1", psql(again, "app", "orders", "select 1").out());
            // Each is a minute or less from its expiry: a fresh one per session.
            assertEquals(2, shortLived.signed.get());
        }
    }
}
