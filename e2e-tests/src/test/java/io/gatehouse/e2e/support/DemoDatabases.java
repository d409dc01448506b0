package io.gatehouse.e2e.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The real PostgreSQL 15 and MariaDB 10.11 the database scenarios reach through Gatehouse: the
 * quickstart's demo servers (deploy/demo-db.sh), certified for the scenario's cluster (its database
 * CA signs their server certificate, its database client CA is what they trust), requiring TLS and
 * client certificates, with a password-only MariaDB user besides. Scenarios run one class after
 * another, so the servers follow whichever cluster asked last.
 */
public final class DemoDatabases {
    public static final int PG_PORT = Integer.parseInt(System.getenv().getOrDefault("GATEHOUSE_DEMO_PG_PORT", "15433"));
    public static final int MYSQL_PORT = Integer.parseInt(System.getenv().getOrDefault("GATEHOUSE_DEMO_MYSQL_PORT",
            "13307"));
    private static final Set<Path> CERTIFIED = ConcurrentHashMap.newKeySet();

    private DemoDatabases() {
    }

    /** Sets the servers up (once per machine) and certifies them for {@code cluster}; returns their files' directory. */
    public static Path forCluster(Cluster cluster) {
        Path dir = cluster.state().resolve("demo-db");
        if (CERTIFIED.contains(cluster.state()) && Files.exists(dir.resolve("databases.yaml"))) {
            return dir;
        }
        Map<String, String> env = new HashMap<>();
        env.put("GATECTL_AUTH", "127.0.0.1:" + cluster.port());
        env.put("GATECTL_IDENTITY", cluster.adminIdentity().toString());
        env.put("GATEHOUSE_DEMO_DB_NO_AGENT", "1");
        Proc.Result r = Proc.run(List.of(Cluster.REPO.resolve("deploy/demo-db.sh").toString(), "start",
                cluster.state().toString()), env, Duration.ofMinutes(5));
        if (r.exit() != 0) {
            throw new AssertionError("deploy/demo-db.sh start failed: " + r);
        }
        CERTIFIED.add(cluster.state());
        return dir;
    }

    /** The password of the demo MariaDB's password-only user "reporter" (kept on the agent's host). */
    public static Path reporterPassword(Cluster cluster) {
        return forCluster(cluster).resolve("reporter.password");
    }

    /** Runs SQL on the demo PostgreSQL as its superuser, over its local socket (the test's own back door). */
    public static Proc.Result postgresAdmin(String database, String sql) {
        return Proc.run(List.of("runuser", "-u", "postgres", "--", "psql", "-X", "-q", "-v", "ON_ERROR_STOP=1",
                "-p", String.valueOf(PG_PORT), "-d", database, "-tAc", sql), Map.of(), Duration.ofSeconds(60));
    }

    /** Runs SQL on the demo MariaDB as root, over its socket. */
    public static Proc.Result mariadbAdmin(String sql) {
        return Proc.run(List.of("mariadb", "--socket=/run/gatehouse-demo-mariadb/mysqld.sock", "-u", "root", "-N",
                "-e", sql), Map.of(), Duration.ofSeconds(60));
    }
}
