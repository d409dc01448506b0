package io.gatehouse.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.e2e.support.Agent;
import io.gatehouse.e2e.support.Cluster;
import io.gatehouse.e2e.support.Proc;
import io.gatehouse.e2e.support.Ssh;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The issue's fault list: a proxy restart, an agent stopping, auth restarting under an open session. */
class ClusterSurvivesFaults {
    private static Cluster cluster;
    private static String clusterName;
    private static Ssh ssh;
    private static Path gateHome;
    private static Path prefix;
    @TempDir
    static Path dir;

    @BeforeAll
    static void start(org.junit.jupiter.api.TestInfo info) throws Exception {
        // The dedicated SSH and tunnel ports here; the ...OnTheWebPortOnly subclass runs it through :3080 alone.
        cluster = new Cluster(Cluster.PortMode.of(info, Cluster.PortMode.SEPARATE));
        cluster.start();
        clusterName = cluster.gatectl("status").out().lines().filter(l -> l.startsWith("Cluster:")).findFirst()
                .orElseThrow().split(":\\s*", 2)[1].strip();
        ok(cluster.gatectl("users", "add", "ops", "--roles=access", "--logins=" + Cluster.LOGIN));
        prefix = dir.resolve("ops");
        ok(cluster.gatectl("auth", "sign", "--user=ops", "--ttl=1h", "--out=" + prefix));
        gateHome = dir.resolve("gate-home");
        var cfg = gate("config");
        ok(cfg);
        Files.writeString(dir.resolve("ssh_config"), cfg.out());
        ssh = new Ssh(dir.resolve("ssh_config"));
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void afterAProxyRestartTheAgentReconnectsWithinTenSeconds() throws Exception {
        String node = Cluster.LOGIN + "@" + cluster.nodeName() + "." + clusterName;
        ok(ssh.ssh(node, "true"));
        cluster.kill("proxy");
        assertEquals(255, ssh.ssh(node, "true").exit(), "the proxy is down");
        Thread.sleep(3000); // the agent's backoff grows while the proxy is away
        cluster.start();
        Instant proxyUp = Instant.now();
        waitFor(Duration.ofSeconds(10), () -> ssh.ssh(node, "true").exit() == 0,
                "node reachable again within 10 s of the proxy's return\n" + cluster.log("agent"));
        System.out.println("node reachable " + Duration.between(proxyUp, Instant.now()).toMillis()
                + " ms after the proxy was back");
    }

    @Test
    void aStoppedAgentIsShownOfflineWithinThreeHeartbeats() throws Exception {
        try (Agent agent = new Agent(cluster, "short-lived", "tunnel", Map.of("env", "dev"), null).start()) {
            waitFor(Duration.ofSeconds(10), () -> gate("ls").out().matches("(?s).*short-lived.*online.*"),
                    "the new node listed online");
            agent.kill();
            Instant stopped = Instant.now();
            waitFor(Cluster.HEARTBEAT.multipliedBy(3), () -> gate("ls").out()
                    .matches("(?s).*short-lived\\s+\\S+\\s+env=dev\\s+offline.*"), "offline within 3 heartbeats");
            System.out.println("offline after " + Duration.between(stopped, Instant.now()).toMillis() + " ms");
        }
    }

    @Test
    void anOpenSessionOutlivesAnAuthRestartAndItsEventsArriveAfterwards() throws Exception {
        long before = sessionEvents();
        Path out = dir.resolve("session.out");
        String marker = "auth-restart-" + System.nanoTime();
        Process session = new ProcessBuilder("ssh", "-F", dir.resolve("ssh_config").toString(), "-o", "BatchMode=yes",
                Cluster.LOGIN + "@" + cluster.nodeName() + "." + clusterName,
                "echo " + marker + "; for i in 1 2 3 4 5 6 7 8 9 10 11 12; do echo tick $i; sleep 1; done")
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        waitFor(Duration.ofSeconds(10), () -> read(out).contains("tick 1"), "session started");
        cluster.kill("auth");
        Thread.sleep(2000);
        cluster.start(); // only auth was missing: quickstart starts it again
        assertTrue(session.waitFor(60, TimeUnit.SECONDS), "session finished");
        assertEquals(0, session.exitValue(), read(out));
        assertTrue(read(out).contains("tick 12"), read(out));
        // The node spooled the session's events while auth was away; they must all arrive.
        waitFor(Duration.ofSeconds(30), () -> sessionEvents() >= before + 2,
                "the session's exec and session.end events in the audit log\n" + cluster.gatectl("audit", "ls").out());
    }

    /** exec and session.end events of user ops so far. */
    private static long sessionEvents() {
        var audit = cluster.gatectl("audit", "ls", "--user=ops", "--limit=1000");
        return audit.out().lines().filter(l -> l.contains(" exec ") || l.contains(" session.end ")).count();
    }

    private static Proc.Result gate(String... args) {
        List<String> all = new java.util.ArrayList<>(List.of(args));
        all.addAll(List.of("-i", prefix.toString(), "--proxy=127.0.0.1:" + cluster.webPort()));
        return cluster.gate(gateHome, null, all.toArray(String[]::new));
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (Exception e) {
            return "";
        }
    }

    private static void waitFor(Duration limit, BooleanSupplier condition, String what) throws Exception {
        Instant deadline = Instant.now().plus(limit);
        while (Instant.now().isBefore(deadline)) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("not within " + limit + ": " + what);
    }

    private static void ok(Proc.Result r) {
        assertEquals(0, r.exit(), r.toString());
    }
}
