package io.gatehouse.auth.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;

/**
 * A real PostgreSQL for auth's tests: a fresh database on the server named by GATEHOUSE_TEST_PG_*
 * (deploy/test.sh provisions one; default 127.0.0.1:5432 user postgres), dropped afterwards.
 * Also gives each run its own data dir and a free port for the mTLS listener.
 */
public final class PostgresTestResource implements QuarkusTestResourceLifecycleManager {
    private String database;
    /** The database of the running test application, for tests that look at rows directly. */
    private static volatile String current;
    private Path dataDir;

    static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    /**
     * A JDBC connection without DriverManager: after a test profile restarts Quarkus, the driver
     * DriverManager knew was registered by a class loader that is gone ("No suitable driver").
     */
    public static Connection connect(String url) throws java.sql.SQLException {
        java.util.Properties props = new java.util.Properties();
        props.setProperty("user", user());
        props.setProperty("password", password());
        return new org.postgresql.Driver().connect(url, props);
    }

    public static String jdbcUrl() {
        return "jdbc:postgresql://" + host() + ":" + port() + "/" + current;
    }

    public static String host() {
        return env("GATEHOUSE_TEST_PG_HOST", "127.0.0.1");
    }

    public static String port() {
        return env("GATEHOUSE_TEST_PG_PORT", "5432");
    }

    public static String user() {
        return env("GATEHOUSE_TEST_PG_USER", "postgres");
    }

    public static String password() {
        return env("GATEHOUSE_TEST_PG_PASSWORD", "");
    }

    @Override
    public Map<String, String> start() {
        database = "gh_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        admin("CREATE DATABASE " + database);
        current = database;
        try {
            dataDir = Files.createTempDirectory("gatehouse-auth-test");
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            return Map.of(
                    "gatehouse.storage.host", host(),
                    "gatehouse.storage.port", port(),
                    "gatehouse.storage.database", database,
                    "gatehouse.storage.username", user(),
                    "gatehouse.storage.password", password(),
                    "gatehouse.data-dir", dataDir.toString(),
                    "gatehouse.cluster-name", "test-cluster",
                    "gatehouse.auth.listen-port", Integer.toString(port),
                    "quarkus.http.test-ssl-port", Integer.toString(port));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void stop() {
        admin("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    }

    private static void admin(String sql) {
        String url = "jdbc:postgresql://" + host() + ":" + port() + "/postgres";
        try (Connection c = connect(url); Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("tests need a PostgreSQL at " + host() + ":" + port() + " as '" + user()
                    + "' (set GATEHOUSE_TEST_PG_HOST/PORT/USER/PASSWORD, or run deploy/test.sh): " + e.getMessage(), e);
        }
    }
}
