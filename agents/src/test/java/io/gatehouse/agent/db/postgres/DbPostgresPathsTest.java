package io.gatehouse.agent.db.postgres;

import static io.gatehouse.agent.db.postgres.AgentUnderTest.jdbc;
import static io.gatehouse.agent.db.postgres.AgentUnderTest.psql;
import static io.gatehouse.agent.db.postgres.AgentUnderTest.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.agent.db.DbAgentService;
import io.gatehouse.agent.db.postgres.AgentUnderTest.Psql;
import io.gatehouse.agent.service.ServiceChannelRoutes;
import io.gatehouse.shared.tunnel.ServiceChannels;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.channel.ChannelFactory;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.junit.jupiter.api.Test;

/**
 * The engine over a real tunnel's service channels (MINA SSH, as between proxy and agent), and
 * a database killed mid-query, against a real PostgreSQL 15.
 */
class DbPostgresPathsTest extends RealPostgresAgentTest {
    @Test
    void overARealTunnelsServiceChannels() throws Exception {
        SshServer proxySide = SshServer.setUpDefaultServer();
        proxySide.setHost("127.0.0.1");
        proxySide.setPort(0);
        proxySide.setKeyPairProvider(new SimpleGeneratorHostKeyProvider());
        proxySide.setPasswordAuthenticator((user, password, session) -> "agent".equals(user));
        proxySide.start();
        ServiceChannelRoutes routes = new ServiceChannelRoutes();
        routes.route(DbAgentService.SERVICE, agent.service);
        SshClient agentSide = SshClient.setUpDefaultClient();
        agentSide.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE);
        List<ChannelFactory> factories = new ArrayList<>(agentSide.getChannelFactories());
        factories.add(ServiceChannels.factory(routes));
        agentSide.setChannelFactories(factories);
        agentSide.start();
        try (ClientSession tunnel = agentSide.connect("agent", "127.0.0.1", proxySide.getPort())
                .verify(10, TimeUnit.SECONDS).getSession()) {
            tunnel.addPasswordIdentity("x");
            tunnel.auth().verify(10, TimeUnit.SECONDS);
            var atProxy = proxySide.getActiveSessions().get(0);
            String cert = AgentUnderTest.certificate("orders-db", "app");
            LoopbackProxy p = new LoopbackProxy(atProxy, "orders-db", () -> cert);
            agent.closeLater(p);
            Psql r = psql(p.port(), "app", "orders", "select 40 + 2");
            assertEquals(0, r.exit(), r.out());
            assertEquals("42", r.out());
            Psql refused = psql(p.port(), "postgres", "orders", "select 1");
            assertTrue(refused.out().contains("this certificate is for database user 'app' on 'orders-db'"),
                    refused.out());
            try (Connection c = jdbc(p.port(), "app", "orders"); Statement s = c.createStatement()) {
                CompletableFuture<Void> running = CompletableFuture.runAsync(() -> {
                    try {
                        s.execute("select pg_sleep(30)");
                    } catch (SQLException e) {
                        throw new RuntimeException(e);
                    }
                });
                Thread.sleep(500);
                s.cancel();
                ExecutionException e = assertThrows(ExecutionException.class, () -> running.get(5,
                        TimeUnit.SECONDS));
                assertEquals("57014", ((SQLException) e.getCause().getCause()).getSQLState());
            }
            waitFor(() -> agent.service.sessions() == 0);
        } finally {
            agentSide.stop();
            proxySide.stop(true);
        }
    }

    @Test
    void aDatabaseKilledMidQueryGivesTheClientAnErrorWithinFiveSeconds() throws Exception {
        int port = agent.proxy("orders-db", "app");
        try (Connection c = jdbc(port, "app", "orders"); Statement s = c.createStatement()) {
            CompletableFuture<Void> running = CompletableFuture.runAsync(() -> {
                try {
                    s.execute("select pg_sleep(60)");
                } catch (SQLException e) {
                    throw new RuntimeException(e);
                }
            });
            Thread.sleep(500);
            long start = System.nanoTime();
            pg.kill();
            ExecutionException e = assertThrows(ExecutionException.class, () -> running.get(5, TimeUnit.SECONDS));
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5));
            assertTrue(e.getCause().getCause().getMessage().contains("the connection to the database 'orders-db' "
                    + "was lost"), e.toString());
        } finally {
            pg.start();
        }
        waitFor(() -> agent.events("db.session.end").stream().anyMatch(e -> !e.success()));
        // The agent goes on serving once the database is back.
        Psql r = psql(agent.proxy("orders-db", "app"), "app", "orders", "select 1");
        assertEquals("1", r.out());
    }
}
