package io.gatehouse.agent.db.postgres;

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
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * The Database Service as one test runs it against a {@link PrivatePostgres}: its databases
 * (orders-db by client certificate, pw-db and md5-db by password, wrong-host dialled by a name its
 * certificate does not have), a test user CA whose alice holds role dba, the audit events it
 * emitted, and the clients (psql, JDBC) through loopback proxies.
 */
final class AgentUnderTest implements AutoCloseable {
    static final KeyPair USER_CA_KEY = Keys.generateEcdsaP256();
    static final X509Certificate USER_CA = X509CertificateSigner.selfSignedCa(USER_CA_KEY, "test", CaType.USER,
            Duration.ofDays(1));
    private static final Resource<RoleSpec> DBA = Resources.parseYaml("""
            kind: role
            version: v1
            metadata: {name: dba}
            spec:
              allow: {db_labels: {"*": "*"}, db_users: [app, pwuser, md5user], db_names: [orders, postgres]}
            """, "dba").get(0).as(RoleSpec.class);

    final List<NodeEvent> events = new CopyOnWriteArrayList<>();
    final AtomicInteger signed = new AtomicInteger();
    final DbAgentService service;
    private final List<AutoCloseable> closing = new ArrayList<>();
    private final Path passwordFile;

    /** @param clientCertTtl how long the client certificates "auth" issues are valid */
    AgentUnderTest(PrivatePostgres pg, Duration clientCertTtl) throws IOException {
        passwordFile = Files.createTempFile("pw", ".pass");
        Files.writeString(passwordFile, PrivatePostgres.PASSWORD + "\n");
        List<DatabaseConfig> dbs = List.of(
                db(pg, "orders-db", "127.0.0.1", Optional.empty()),
                db(pg, "pw-db", "127.0.0.1", Optional.of(new DatabaseConfig.PasswordAuth("pwuser", passwordFile))),
                db(pg, "md5-db", "127.0.0.1", Optional.of(new DatabaseConfig.PasswordAuth("md5user", passwordFile))),
                db(pg, "wrong-host", "localhost", Optional.empty()));
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

    AgentUnderTest(PrivatePostgres pg) throws IOException {
        this(pg, Duration.ofHours(1));
    }

    private static DatabaseConfig db(PrivatePostgres pg, String name, String host,
            Optional<DatabaseConfig.PasswordAuth> auth) {
        return new DatabaseConfig(name, "postgres", host, pg.port, Map.of("env", "test"),
                DatabaseConfig.TlsMode.VERIFY_FULL, Optional.empty(), auth);
    }

    /** The password file of pw-db and md5-db, as an operator would rewrite it. */
    void writePassword(String password) throws IOException {
        Files.writeString(passwordFile, password + "\n");
    }

    List<NodeEvent> events(String type) {
        return events.stream().filter(e -> e.type().equals(type)).toList();
    }

    /** alice's certificate for {@code db} as {@code dbUser} (database name left to the client). */
    static String certificate(String db, String dbUser) {
        Instant now = Instant.now();
        UserIdentity alice = new UserIdentity("alice", List.of("dba"), Map.of(), List.of(), now.minusSeconds(60),
                now.plus(Duration.ofHours(1)), new DbRoute(db, "postgres", dbUser, "").toRouting(), false, false,
                Optional.empty());
        return Keys.certificateToPem(new X509CertificateSigner(USER_CA_KEY, USER_CA).issueUser(
                Keys.generateEcdsaP256().getPublic(), alice, now.toEpochMilli()));
    }

    /** A loopback proxy's port for {@code db}, presenting alice's certificate routed to {@code dbUser}. */
    int proxy(String db, String dbUser) throws IOException {
        String cert = certificate(db, dbUser);
        return closeLater(new LoopbackProxy(service, db, () -> cert)).port();
    }

    <T extends AutoCloseable> T closeLater(T c) {
        closing.add(c);
        return c;
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
        Files.deleteIfExists(passwordFile);
    }

    record Psql(int exit, String out) {
    }

    static Psql psql(int port, String user, String db, String... sql) throws Exception {
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
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("psql " + String.join(" ", sql) + " did not end within 30 s");
        }
        return new Psql(p.exitValue(), new String(output.get(5, TimeUnit.SECONDS), StandardCharsets.UTF_8).strip());
    }

    static Connection jdbc(int port, String user, String db) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + db + "?user=" + user
                + "&sslmode=disable&connectTimeout=10");
    }

    static void waitFor(BooleanSupplier condition) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean() && System.nanoTime() < until) {
            Thread.sleep(20);
        }
        assertTrue(condition.getAsBoolean());
    }
}
