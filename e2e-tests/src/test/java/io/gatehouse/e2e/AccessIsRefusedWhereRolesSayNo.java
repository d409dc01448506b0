package io.gatehouse.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.e2e.support.Agent;
import io.gatehouse.e2e.support.Cluster;
import io.gatehouse.e2e.support.Ports;
import io.gatehouse.e2e.support.Proc;
import io.gatehouse.e2e.support.ProxyCalls;
import io.gatehouse.e2e.support.SharedCluster;
import io.gatehouse.e2e.support.Ssh;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every refusal of the issue's RBAC list, each checked with the real OpenSSH client against real
 * agents: a login the role does not give, a node a deny rule covers, an expired certificate, a
 * certificate from a foreign CA, and a node answering with a host key the cluster CA never signed.
 */
// The dedicated SSH and tunnel ports here; the ...OnTheWebPortOnly subclass runs it through :3080 alone.
@SharedCluster(Cluster.PortMode.SEPARATE)
class AccessIsRefusedWhereRolesSayNo {
    private static Cluster cluster;
    private static Agent prod;
    private static Agent impostorAgent;
    private static Process impostorSshd;
    private static String clusterName;
    @TempDir
    static Path dir;

    @BeforeAll
    static void start(Cluster shared) throws Exception {
        cluster = shared;
        clusterName = cluster.gatectl("status").out().lines().filter(l -> l.startsWith("Cluster:")).findFirst()
                .orElseThrow().split(":\\s*", 2)[1].strip();
        prod = new Agent(cluster, "prod-db", "tunnel", Map.of("env", "prod"), null).start();
        Path roles = dir.resolve("roles.yaml");
        Files.writeString(roles, """
                kind: role
                version: v1
                metadata:
                  name: one-login
                spec:
                  allow:
                    logins: [%s]
                    node_labels: {"*": "*"}
                ---
                kind: role
                version: v1
                metadata:
                  name: no-prod
                spec:
                  allow:
                    logins: ["{{internal.logins}}"]
                    node_labels: {"*": "*"}
                  deny:
                    node_labels: {env: prod}
                """.formatted(Cluster.LOGIN));
        var created = cluster.gatectl("create", "-f", roles.toString());
        assertEquals(0, created.exit(), created.toString());
        ok(cluster.gatectl("users", "add", "dave", "--roles=one-login", "--logins=" + Cluster.LOGIN + ",daemon"));
        ok(cluster.gatectl("users", "add", "erin", "--roles=no-prod", "--logins=" + Cluster.LOGIN));
    }

    @AfterAll
    static void stop() {
        if (impostorSshd != null) {
            impostorSshd.destroyForcibly();
        }
        if (impostorAgent != null) {
            impostorAgent.close();
        }
        prod.close();
    }

    @Test
    void aLoginTheRolesDoNotGiveIsRefusedWhileAnAllowedOneWorks() throws Exception {
        Ssh ssh = sshAs("dave", "1h");
        assertEquals(Cluster.LOGIN, ssh.ssh(Cluster.LOGIN + "@" + node(cluster.nodeName()), "id -un").out().strip());
        var refused = ssh.ssh("daemon@" + node(cluster.nodeName()), "id -un");
        assertEquals(255, refused.exit(), refused.toString());
        assertTrue(refused.err().contains("Permission denied"), refused.toString());
    }

    @Test
    void aNodeCoveredByADenyRuleIsRefusedAtTheProxy() throws Exception {
        Ssh ssh = sshAs("erin", "1h");
        assertEquals(0, ssh.ssh(Cluster.LOGIN + "@" + node(cluster.nodeName()), "true").exit());
        var refused = ssh.ssh(Cluster.LOGIN + "@" + node("prod-db"), "true");
        assertEquals(255, refused.exit(), refused.toString());
        assertTrue(refused.err().contains("no role of erin gives a login on node 'prod-db'"), refused.toString());
        // The refusal happened at the proxy, before any node: the proxy reports it to the audit log.
        ProxyCalls admin = new ProxyCalls(cluster.adminIdentity(), cluster.port());
        String audited = "";
        for (int i = 0; i < 40 && !audited.contains("prod-db"); i++) {
            audited = admin.get("/v1/audit/events?type=ssh.login_refused&user=erin&limit=100").body().toString();
            Thread.sleep(250);
        }
        assertTrue(audited.contains("\"at\":\"proxy\"") && audited.contains("node/prod-db")
                && audited.contains("no role of erin"), "an audited refusal at the proxy: " + audited);
        var ls = cluster.gate(dir.resolve("gate-erin"), null, "ls", "-i", dir.resolve("erin").toString(),
                "--proxy=127.0.0.1:" + cluster.webPort());
        assertEquals(0, ls.exit(), ls.toString());
        assertTrue(ls.out().contains(cluster.nodeName()) && !ls.out().contains("prod-db"), ls.out());
    }

    @Test
    void anExpiredCertificateIsRefused() throws Exception {
        Ssh ssh = sshAs("erin-expired", "1s", "erin");
        Thread.sleep(2500);
        var refused = ssh.ssh(Cluster.LOGIN + "@" + node(cluster.nodeName()), "true");
        assertEquals(255, refused.exit(), refused.toString());
        assertTrue(refused.err().contains("Permission denied"), refused.toString());
    }

    @Test
    void aCertificateFromAForeignCaIsRefused() throws Exception {
        Ssh ssh = sshAs("erin-forged", "1h", "erin");
        Path ca = dir.resolve("foreign_ca");
        ok(Proc.run("ssh-keygen", "-q", "-t", "ecdsa", "-N", "", "-f", ca.toString()));
        // Same key, same names, but signed by a CA the cluster never heard of.
        ok(Proc.run("ssh-keygen", "-q", "-s", ca.toString(), "-I", "erin", "-n", Cluster.LOGIN, "-V", "-5m:+1h",
                dir.resolve("erin-forged.pub").toString()));
        var refused = ssh.ssh(Cluster.LOGIN + "@" + node(cluster.nodeName()), "true");
        assertEquals(255, refused.exit(), refused.toString());
        assertTrue(refused.err().contains("Permission denied"), refused.toString());
    }

    @Test
    void aNodeWhoseHostKeyIsNotFromTheClusterCaFailsHostKeyVerificationLoudly() throws Exception {
        // An admin pinned a direct node's address, but a real OpenSSH sshd with its own host key
        // answers there: the proxy routes there, and the client must refuse the node, not log in.
        String host = Ports.hostAddress();
        int port = freePort();
        Path hostKey = dir.resolve("impostor_host_key");
        ok(Proc.run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", hostKey.toString()));
        Files.createDirectories(Path.of("/run/sshd"));
        impostorSshd = new ProcessBuilder("/usr/sbin/sshd", "-D", "-e", "-f", "/dev/null", "-h", hostKey.toString(),
                "-o", "ListenAddress=" + host, "-o", "Port=" + port, "-o", "PidFile=none").redirectErrorStream(true)
                .redirectOutput(dir.resolve("impostor.log").toFile()).start();
        impostorAgent = new Agent(cluster, "impostor", "direct", Map.of("env", "dev"), host + ":" + freePort(),
                host + ":" + port).start();
        Ssh ssh = sshAs("erin-hostkey", "1h", "erin");
        var refused = ssh.ssh(Cluster.LOGIN + "@" + node("impostor"), "true");
        assertEquals(255, refused.exit(), refused.toString());
        assertTrue(refused.err().contains("Host key verification failed"), refused.toString());
    }

    @Test
    void aNodeCannotPointTheJumpHostAtTheProxyHostOrTheMetadataService() throws Exception {
        // A rogue agent with its own identity (joined with an ordinary token) announces the proxy
        // host's loopback, where a canary listens, and another announces the cloud metadata address.
        try (ServerSocket canary = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            var accepted = new java.util.concurrent.atomic.AtomicInteger();
            Thread.ofVirtual().start(() -> {
                while (!canary.isClosed()) {
                    try (var s = canary.accept()) {
                        accepted.incrementAndGet();
                    } catch (java.io.IOException closed) {
                        return;
                    }
                }
            });
            try (Agent loopback = new Agent(cluster, "pivot-lo", "direct", Map.of("env", "dev"), "127.0.0.1:"
                    + freePort(), null); Agent metadata = new Agent(cluster, "pivot-md", "direct", Map.of("env", "dev"),
                    "127.0.0.1:" + freePort(), null)) {
                Files.writeString(loopback.config(), "ssh_advertise: 127.0.0.1:" + canary.getLocalPort() + "\n",
                        java.nio.file.StandardOpenOption.APPEND);
                Files.writeString(metadata.config(), "ssh_advertise: 169.254.169.254:80\n",
                        java.nio.file.StandardOpenOption.APPEND);
                loopback.start();
                metadata.start();
                Thread.sleep(Cluster.HEARTBEAT.toMillis() * 2);
                Ssh ssh = sshAs("erin-pivot", "1h", "erin");
                var lo = ssh.ssh(Cluster.LOGIN + "@" + node("pivot-lo"), "true");
                assertEquals(255, lo.exit(), lo.toString());
                assertTrue(lo.err().contains("the proxy host's own loopback"), lo.toString());
                var md = ssh.ssh(Cluster.LOGIN + "@" + node("pivot-md"), "true");
                assertEquals(255, md.exit(), md.toString());
                assertTrue(md.err().contains("no node named 'pivot-md"), md.toString());
                assertTrue(metadata.log().contains("may be dialled only at 127.0.0.1:<port>"), metadata.log());
                assertEquals(0, accepted.get(), "no connection may reach the canary on the proxy host");
            }
        }
    }

    /** Certificates for USER (files named FILE) and the OpenSSH config `gate config` writes for them. */
    private static Ssh sshAs(String file, String ttl, String... user) throws Exception {
        String name = user.length > 0 ? user[0] : file;
        Path prefix = dir.resolve(file);
        ok(cluster.gatectl("auth", "sign", "--user=" + name, "--ttl=" + ttl, "--out=" + prefix));
        var cfg = cluster.gate(dir.resolve("gate-" + file), null, "config", "-i", prefix.toString(),
                "--proxy=127.0.0.1:" + cluster.webPort());
        ok(cfg);
        Path config = dir.resolve(file + ".ssh_config");
        Files.writeString(config, cfg.out());
        return new Ssh(config);
    }

    private static String node(String name) {
        return name + "." + clusterName;
    }

    private static void ok(Proc.Result r) {
        assertEquals(0, r.exit(), r.toString());
    }

    private static int freePort() {
        return io.gatehouse.e2e.support.Ports.free();
    }
}
