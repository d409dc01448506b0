package io.gatehouse.agent.db.postgres;

import io.gatehouse.shared.cert.CaType;
import io.gatehouse.shared.cert.Keys;
import io.gatehouse.shared.cert.UserIdentity;
import io.gatehouse.shared.cert.X509CertificateSigner;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A private PostgreSQL 15 cluster for one test class, run as the postgres user: TLS with a server
 * certificate from a test database CA (names db.test and 127.0.0.1), client certificates from a
 * test database client CA ({@code hostssl all all 127.0.0.1/32 cert}), and one password user
 * ({@code pwuser}, scram-sha-256).
 */
final class PrivatePostgres implements AutoCloseable {
    static final String BIN = "/usr/lib/postgresql/15/bin/";
    static final String PASSWORD = "s3cret-Pa55";

    final Path dir;
    final int port;
    final KeyPair dbCaKey = Keys.generateEcdsaP256();
    final X509Certificate dbCa = X509CertificateSigner.selfSignedCa(dbCaKey, "test", CaType.DB, Duration.ofDays(1));
    final KeyPair clientCaKey = Keys.generateEcdsaP256();
    final X509Certificate clientCa = X509CertificateSigner.selfSignedCa(clientCaKey, "test", CaType.DB_CLIENT,
            Duration.ofDays(1));

    PrivatePostgres() throws Exception {
        dir = Files.createTempDirectory(Path.of("/tmp"), "gh-pg-");
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        KeyPair serverKey = Keys.generateEcdsaP256();
        X509Certificate server = new X509CertificateSigner(dbCaKey, dbCa).issueServer(serverKey.getPublic(), "db",
                "db.test", List.of("db.test"), List.of("127.0.0.1"), Duration.ofHours(2), 2);
        Files.writeString(dir.resolve("server.crt"), Keys.certificateToPem(server));
        Files.writeString(dir.resolve("server.key"), Keys.privateKeyToPem(serverKey.getPrivate()));
        Files.setPosixFilePermissions(dir.resolve("server.key"), PosixFilePermissions.fromString("rw-------"));
        Files.writeString(dir.resolve("client-ca.crt"), Keys.certificateToPem(clientCa));
        Files.writeString(dir.resolve("pwfile"), "postgres\n");
        run("chown", "-R", "postgres:postgres", dir.toString());
        run("chmod", "700", dir.toString());
        asPostgres(BIN + "initdb", "-D", dir.resolve("data").toString(), "-U", "postgres", "--auth=trust",
                "--no-sync", "-E", "UTF8", "--locale=C");
        Path data = dir.resolve("data");
        String conf = """
                listen_addresses = '127.0.0.1'
                port = %d
                unix_socket_directories = '%s'
                ssl = on
                ssl_cert_file = '%s/server.crt'
                ssl_key_file = '%s/server.key'
                ssl_ca_file = '%s/client-ca.crt'
                password_encryption = 'scram-sha-256'
                fsync = off
                """.formatted(port, dir, dir, dir, dir);
        Files.writeString(data.resolve("postgresql.conf"), conf, java.nio.file.StandardOpenOption.APPEND);
        Files.writeString(data.resolve("pg_hba.conf"), """
                local all all trust
                hostssl all pwuser 127.0.0.1/32 scram-sha-256
                hostssl all md5user 127.0.0.1/32 md5
                hostssl all all 127.0.0.1/32 cert
                """);
        run("chown", "-R", "postgres:postgres", data.toString());
        start();
        try {
            sql("CREATE ROLE app LOGIN; CREATE ROLE admin; CREATE ROLE pwuser LOGIN PASSWORD '" + PASSWORD + "';"
                    + "GRANT admin TO app;");
            sql("CREATE DATABASE orders OWNER app");
            sql("SET password_encryption = 'md5'; CREATE ROLE md5user LOGIN PASSWORD '" + PASSWORD + "'");
        } catch (Exception e) {
            close();
            throw e;
        }
    }

    void start() throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                asPostgres(BIN + "pg_ctl", "-D", dir.resolve("data").toString(), "-l", dir.resolve("log").toString(),
                        "-w", "-t", "30", "start");
                return;
            } catch (IOException e) {
                if (attempt == 5) {
                    List<String> log = Files.readAllLines(dir.resolve("log"));
                    throw new IOException(e.getMessage() + "\nlog: " + log.subList(Math.max(0, log.size() - 10),
                            log.size()), e);
                }
                Thread.sleep(1000);
            }
        }
    }

    /** Kills the server and its backends at once (SIGKILL): what a crashed database looks like. */
    void kill() throws Exception {
        String pid = Files.readAllLines(dir.resolve("data/postmaster.pid")).get(0).strip();
        run("pkill", "-KILL", "-P", pid);
        run("kill", "-KILL", pid);
        for (int i = 0; i < 100 && Path.of("/proc/" + pid + "/status").toFile().exists()
                && !Files.readString(Path.of("/proc/" + pid + "/status")).contains("zombie"); i++) {
            Thread.sleep(50);
        }
    }

    /** Runs SQL as the superuser over the cluster's Unix socket. */
    String sql(String sql) throws Exception {
        return sql("postgres", sql);
    }

    String sql(String database, String sql) throws Exception {
        return asPostgres(BIN + "psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-h", dir.toString(), "-p",
                String.valueOf(port), "-d", database, "-c", sql);
    }

    /** A client certificate from the database client CA for {@code dbUser}, as auth issues them. */
    X509Certificate clientCertificate(KeyPair key, String dbUser, Instant expires) {
        Instant now = Instant.now();
        return new X509CertificateSigner(clientCaKey, clientCa).issueUser(key.getPublic(), new UserIdentity(dbUser,
                List.of(), Map.of(), List.of(), now.minusSeconds(60), expires, Map.of(), false, false,
                Optional.empty()), now.toEpochMilli());
    }

    String asPostgres(String... command) throws Exception {
        List<String> argv = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
        argv.addAll(List.of(command));
        return run(argv.toArray(String[]::new));
    }

    static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
        return out.strip();
    }

    @Override
    public void close() throws Exception {
        try {
            asPostgres(BIN + "pg_ctl", "-D", dir.resolve("data").toString(), "-m", "immediate", "-w", "stop");
        } catch (IOException e) {
            // already stopped (killed by a test)
        }
        run("rm", "-rf", dir.toString());
    }
}
