package io.gatehouse.agent.db.mysql;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.agent.db.BackendLogin;
import io.gatehouse.agent.db.DatabaseConfig;
import io.gatehouse.agent.db.DbSession;
import io.gatehouse.shared.cert.Keys;
import io.gatehouse.shared.cert.UserIdentity;
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
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A real MariaDB 10.11 of the tests' own with TLS, behind the engine and a loopback stand-in for the
 * proxy, driven by real clients (the mariadb command-line client, MariaDB's JDBC driver). alice's
 * role allows database users app (certificate, REQUIRE SUBJECT '/CN=app') and pw (password) on the
 * databases orders and other, not secret; ed logs in with ed25519, which Gatehouse does not speak.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class MariadbBehindTheEngine {
    static final String STDERR = "--- stderr ---\n";
    static final String PASSWORD = "pw-" + Long.toHexString(new SecureRandom().nextLong());

    PrivateMariadb db;
    ProxyPart proxy;
    BackendLogin certificateLogin;
    BackendLogin passwordLogin;
    Path passwordFile;
    final List<RecordingAudit> audits = new CopyOnWriteArrayList<>();
    final AccessChecker roles = AccessChecker.of(List.of(Resources.parseYaml("""
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

    DbSession session(HandshakeResponse r, Map<String, String> params) {
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

    RecordingAudit lastAudit() {
        return audits.get(audits.size() - 1);
    }

    /** The client's output, then (if any) STDERR and its errors: the two streams interleave unpredictably. */
    String mariadb(String user, String database, String script) throws Exception {
        return mariadb(user, database, "--local-infile=0", script);
    }

    String mariadb(String user, String database, String option, String script) throws Exception {
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

    Connection jdbc(String user, String database, String options) throws SQLException {
        return DriverManager.getConnection("jdbc:mariadb://127.0.0.1:" + proxy.port() + "/" + database
                + "?sslMode=disable&" + options, user, "");
    }

}
