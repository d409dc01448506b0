package io.gatehouse.e2e.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/** A fresh database on the test PostgreSQL (GATEHOUSE_TEST_PG_*, as deploy/test.sh sets them). */
public final class TestDatabase implements AutoCloseable {
    public final String host = env("GATEHOUSE_TEST_PG_HOST", "127.0.0.1");
    public final String port = env("GATEHOUSE_TEST_PG_PORT", "5432");
    public final String user = env("GATEHOUSE_TEST_PG_USER", "postgres");
    public final String password = env("GATEHOUSE_TEST_PG_PASSWORD", "");
    public final String name = "gh_e2e_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    public TestDatabase() {
        sql("CREATE DATABASE " + name);
    }

    /** The password in a 0600 file, the way operators hand it to auth. */
    public Path passwordFile(Path dir) throws IOException {
        Path f = dir.resolve("pg-password");
        Files.deleteIfExists(f);
        Files.createFile(f, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(f, password + "\n");
        return f;
    }

    @Override
    public void close() {
        sql("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    private void sql(String statement) {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/postgres", user,
                password); Statement st = c.createStatement()) {
            st.execute(statement);
        } catch (SQLException e) {
            throw new AssertionError("the e2e tests need a PostgreSQL at " + host + ":" + port + " as " + user
                    + " (run them through deploy/test.sh): " + e.getMessage(), e);
        }
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
