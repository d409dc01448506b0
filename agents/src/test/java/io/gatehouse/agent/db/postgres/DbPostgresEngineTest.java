package io.gatehouse.agent.db.postgres;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.agent.config.AgentConfig;
import io.gatehouse.agent.db.DatabaseConfig;
import io.gatehouse.agent.db.DbAdmission;
import io.gatehouse.agent.db.DbAgentService;
import io.gatehouse.agent.db.DbAuditTrail;
import io.gatehouse.agent.db.DbLogins;
import io.gatehouse.shared.api.DbClientCertResponse;
import io.gatehouse.shared.api.NodeEvent;
import io.gatehouse.shared.cert.CaType;
import io.gatehouse.shared.cert.Keys;
import io.gatehouse.shared.cert.UserIdentity;
import io.gatehouse.shared.cert.X509CertificateSigner;
import io.gatehouse.shared.db.DbRoute;
import io.gatehouse.shared.rbac.CertificateRoles;
import io.gatehouse.shared.resource.Resource;
import io.gatehouse.shared.resource.Resources;
import io.gatehouse.shared.resource.RoleSpec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import io.gatehouse.agent.service.ServiceChannelRoutes;
import io.gatehouse.shared.tunnel.ServiceChannels;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.channel.ChannelFactory;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.postgresql.PGConnection;

/**
 * The Database Service with its PostgreSQL engine against a real PostgreSQL 15 that the test runs
 * itself (TLS, client certificates, a SCRAM and an MD5 password user), driven by psql and the
 * JDBC driver through a loopback relay that plays the proxy's part.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DbPostgresEngineTest {
    private static PrivatePostgres pg;
    private static final KeyPair USER_CA_KEY = Keys.generateEcdsaP256();
    private static final X509Certificate USER_CA = X509CertificateSigner.selfSignedCa(USER_CA_KEY, "test",
            CaType.USER, Duration.ofDays(1));
    private static final Resource<RoleSpec> DBA = Resources.parseYaml("""
            kind: role
            version: v1
            metadata: {name: dba}
            spec:
              allow: {db_labels: {"*": "*"}, db_users: [app, pwuser, md5user], db_names: [orders, postgres]}
            """, "dba").get(0).as(RoleSpec.class);

    private final List<NodeEvent> events = new CopyOnWriteArrayList<>();
    private final List<AutoCloseable> closing = new ArrayList<>();
    private DbAgentService service;
    private final java.util.concurrent.atomic.AtomicInteger signed = new java.util.concurrent.atomic.AtomicInteger();
    private volatile Duration clientCertTtl = Duration.ofHours(1);

    @BeforeAll
    static void startPostgres() throws Exception {
        pg = new PrivatePostgres();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        pg.close();
    }

    @BeforeEach
    void startService() throws Exception {
        Path pw = Files.createTempFile("pw", ".pass");
        Files.writeString(pw, PrivatePostgres.PASSWORD + "\n");
        List<DatabaseConfig> dbs = List.of(
                db("orders-db", "127.0.0.1", Optional.empty()),
                db("pw-db", "127.0.0.1", Optional.of(new DatabaseConfig.PasswordAuth("pwuser", pw))),
                db("md5-db", "127.0.0.1", Optional.of(new DatabaseConfig.PasswordAuth("md5user", pw))),
                db("wrong-host", "localhost", Optional.empty()));
        service = new DbAgentService(new AgentConfig.Section(Path.of("agent.yaml"), "databases", null), Map.of());
        DbLogins logins = new DbLogins(r -> {
            signed.incrementAndGet();
            X509Certificate cert = pg.clientCertificate(new KeyPair(Keys.parseOpenSshPublicKey(r.publicKey()), null),
                    r.dbUser(), Instant.now().plus(clientCertTtl));
            return new DbClientCertResponse(Keys.certificateToPem(cert), cert.getNotAfter().toInstant(),
                    List.of(Keys.certificateToPem(pg.dbCa)));
        }, () -> List.of(Keys.certificateToPem(pg.dbCa)), Clock.systemUTC());
        CertificateRoles roles = new CertificateRoles(name -> name.equals("dba") ? Optional.of(DBA) : Optional.empty());
        service.start(dbs, new DbAdmission(List.of(USER_CA), roles), logins, new DbAuditTrail("node-1", events::add,
                Clock.systemUTC()), Clock.systemUTC());
    }

    @org.junit.jupiter.api.AfterEach
    void closeProxies() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
    }

    private static DatabaseConfig db(String name, String host, Optional<DatabaseConfig.PasswordAuth> auth) {
        return new DatabaseConfig(name, "postgres", host, pg.port, Map.of("env", "test"),
                DatabaseConfig.TlsMode.VERIFY_FULL, Optional.empty(), auth);
    }

    /** alice's certificate for {@code db} as {@code dbUser} (database name left to the client). */
    private static String certificate(String db, String dbUser) {
        Instant now = Instant.now();
        UserIdentity alice = new UserIdentity("alice", List.of("dba"), Map.of(), List.of(), now.minusSeconds(60),
                now.plus(Duration.ofHours(1)), new DbRoute(db, "postgres", dbUser, "").toRouting(), false, false,
                Optional.empty());
        return Keys.certificateToPem(new X509CertificateSigner(USER_CA_KEY, USER_CA).issueUser(
                Keys.generateEcdsaP256().getPublic(), alice, now.toEpochMilli()));
    }

    private int proxy(String db, String dbUser) throws Exception {
        String cert = certificate(db, dbUser);
        LoopbackProxy p = new LoopbackProxy(service, db, () -> cert);
        closing.add(p);
        return p.port();
    }

    private record Psql(int exit, String out) {
    }

    private static Psql psql(int port, String user, String db, String... sql) throws Exception {
        List<String> argv = new ArrayList<>(List.of("psql", "-X", "-At", "-v", "ON_ERROR_STOP=1",
                "host=127.0.0.1 port=" + port + " user=" + user + " dbname=" + db + " sslmode=disable"));
        for (String s : sql) {
            argv.add("-c");
            argv.add(s);
        }
        ProcessBuilder b = new ProcessBuilder(argv).redirectErrorStream(true);
        b.environment().put("PGCONNECT_TIMEOUT", "10");
        Process p = b.start();
        CompletableFuture<byte[]> output = CompletableFuture.supplyAsync(() -> {
            try {
                return p.getInputStream().readAllBytes();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("psql " + String.join(" ", sql) + " did not end within 30 s");
        }
        String out = new String(output.get(5, TimeUnit.SECONDS), StandardCharsets.UTF_8).strip();
        return new Psql(p.exitValue(), out);
    }

    private static Connection jdbc(int port, String user, String db) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + db + "?user=" + user
                + "&sslmode=disable&connectTimeout=10");
    }

    private List<NodeEvent> events(String type) {
        return events.stream().filter(e -> e.type().equals(type)).toList();
    }

    @Test
    @Order(1)
    void selectOneThroughTheAgentWithItsClientCertificate() throws Exception {
        int port = proxy("orders-db", "app");
        Psql r = psql(port, "app", "orders", "select 1", "select current_user");
        assertEquals(0, r.exit(), r.out());
        assertEquals("1\napp", r.out());
        List<NodeEvent> queries = events("db.session.query");
        assertEquals(List.of("select 1", "select current_user"), queries.stream().map(e -> e.fields().get("query"))
                .toList());
        NodeEvent q = queries.get(0);
        assertEquals("alice", q.user());
        assertEquals("db/orders-db", q.resource());
        assertEquals("app", q.fields().get("db_user"));
        assertEquals("orders", q.fields().get("db_name"));
        assertEquals("postgres", q.fields().get("protocol"));
        assertFalse(String.valueOf(q.fields().get("client_addr")).isEmpty());
        assertEquals(1, events("db.session.start").size()); // both -c in one session
        waitFor(() -> events("db.session.end").size() == 1);
        assertTrue(events("db.session.end").stream().allMatch(NodeEvent::success));
    }

    @Test
    @Order(2)
    void extendedProtocolThroughTheJdbcDriverWithParametersAudited() throws Exception {
        int port = proxy("orders-db", "app");
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
        NodeEvent q = events("db.session.query").stream().filter(e -> String.valueOf(e.fields().get("query"))
                .startsWith("select $1::int")).findFirst().orElseThrow(() -> new AssertionError(events));
        // The driver sends the int in binary (shown as hex), the text as text.
        assertEquals(List.of("\\x00000029", "hi"), q.fields().get("parameters"));
    }

    @Test
    @Order(3)
    void copyInAndOutOfTenMebibytes() throws Exception {
        int port = proxy("orders-db", "app");
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
    @Order(4)
    void theClientsCancelStopsARunningQuery() throws Exception {
        int port = proxy("orders-db", "app");
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
    @Order(5)
    void passwordOnlyDatabasesWithScramAndMd5() throws Exception {
        Psql scram = psql(proxy("pw-db", "pwuser"), "pwuser", "postgres", "select current_user");
        assertEquals(0, scram.exit(), scram.out());
        assertEquals("pwuser", scram.out());
        Psql md5 = psql(proxy("md5-db", "md5user"), "md5user", "postgres", "select current_user");
        assertEquals(0, md5.exit(), md5.out());
        assertEquals("md5user", md5.out());
        // The only user whose password the agent has:
        Psql other = psql(proxy("pw-db", "app"), "app", "postgres", "select 1");
        assertTrue(other.out().contains("accepts only database user 'pwuser'"), other.out());
    }

    @Test
    @Order(6)
    void aServerCertificateThatDoesNotNameTheHostIsRefused() throws Exception {
        Psql r = psql(proxy("wrong-host", "app"), "app", "orders", "select 1");
        assertTrue(r.exit() != 0);
        assertTrue(r.out().contains("TLS with the database 'wrong-host'") && r.out().contains("verify-full"),
                r.out());
        NodeEvent refused = events("db.session.refused").get(0);
        assertEquals("alice", refused.user());
        assertTrue(String.valueOf(refused.fields().get("reason")).contains("wrong-host"));
    }

    @Test
    @Order(7)
    void aRouteOrRoleThatDoesNotAllowTheUserIsRefused() throws Exception {
        Psql r = psql(proxy("orders-db", "app"), "postgres", "orders", "select 1");
        assertTrue(r.out().contains("this certificate is for database user 'app' on 'orders-db'"), r.out());
        Psql roles = psql(proxy("orders-db", "postgres"), "postgres", "orders", "select 1");
        assertTrue(roles.out().contains("no role of alice allows database user 'postgres' on 'orders-db'"),
                roles.out());
        assertEquals(2, events("db.session.refused").size());
    }

    @Test
    @Order(8)
    void setRoleToAUserTheRolesDoNotAllowIsRefusedAndNotRun() throws Exception {
        int port = proxy("orders-db", "app");
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
        assertTrue(events("db.session.refused").size() >= 5, events.toString());
    }

    @Test
    @Order(8)
    void aClientCertificateIsReusedUntilAMinuteBeforeItExpires() throws Exception {
        int port = proxy("orders-db", "app");
        for (int i = 0; i < 3; i++) {
            assertEquals("1", psql(port, "app", "orders", "select 1").out());
        }
        assertEquals(1, signed.get());
        clientCertTtl = Duration.ofSeconds(50);
        service = null;
        startService();
        int again = proxy("orders-db", "app");
        assertEquals("1", psql(again, "app", "orders", "select 1").out());
        assertEquals("1", psql(again, "app", "orders", "select 1").out());
        assertEquals(3, signed.get()); // each a minute or less from expiry: a fresh one per session
    }

    @Test
    @Order(9)
    void auditedStatementsAreEscapedAndBounded() throws Exception {
        int port = proxy("orders-db", "app");
        try (Connection c = jdbc(port, "app", "orders"); Statement s = c.createStatement()) {
            s.execute("select '\u001b[31mred'");
            s.execute("select '" + "a".repeat(1 << 20) + "' as big");
        }
        List<String> texts = events("db.session.query").stream().map(e -> String.valueOf(e.fields().get("query")))
                .toList();
        assertTrue(texts.contains("select '\\u001b[31mred'"), texts.toString());
        assertTrue(texts.stream().noneMatch(t -> t.indexOf('\u001b') >= 0));
        String big = texts.stream().filter(t -> t.startsWith("select 'aaa")).findFirst().orElseThrow();
        assertTrue(big.length() < 4200, "length " + big.length());
        assertTrue(big.endsWith("[truncated: " + ((1 << 20) + 16) + " bytes in all]"), big.substring(4000));
    }

    @Test
    @Order(9)
    void notificationsAndStartupParametersPassThrough() throws Exception {
        int port = proxy("orders-db", "app");
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
    @Order(10)
    void overARealTunnelsServiceChannels() throws Exception {
        SshServer proxySide = SshServer.setUpDefaultServer();
        proxySide.setHost("127.0.0.1");
        proxySide.setPort(0);
        proxySide.setKeyPairProvider(new SimpleGeneratorHostKeyProvider());
        proxySide.setPasswordAuthenticator((user, password, session) -> "agent".equals(user));
        proxySide.start();
        ServiceChannelRoutes routes = new ServiceChannelRoutes();
        routes.route(DbAgentService.SERVICE, service);
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
            String cert = certificate("orders-db", "app");
            LoopbackProxy p = new LoopbackProxy(atProxy, "orders-db", () -> cert);
            closing.add(p);
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
            waitFor(() -> service.sessions() == 0);
        } finally {
            agentSide.stop();
            proxySide.stop(true);
        }
    }

    @Test
    @Order(100)
    void aDatabaseKilledMidQueryGivesTheClientAnErrorWithinFiveSeconds() throws Exception {
        int port = proxy("orders-db", "app");
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
        waitFor(() -> events("db.session.end").stream().anyMatch(e -> !e.success()));
        // The agent goes on serving once the database is back.
        Psql r = psql(proxy("orders-db", "app"), "app", "orders", "select 1");
        assertEquals("1", r.out());
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean() && System.nanoTime() < until) {
            Thread.sleep(20);
        }
        assertTrue(condition.getAsBoolean());
    }
}
