package io.gatehouse.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.e2e.support.Agent;
import io.gatehouse.e2e.support.Cluster;
import io.gatehouse.e2e.support.KeyReaders;
import io.gatehouse.e2e.support.ProxyCalls;
import io.gatehouse.e2e.support.SharedCluster;
import io.gatehouse.e2e.support.Ssh;
import io.gatehouse.e2e.support.TotpCodes;
import io.gatehouse.e2e.support.Users;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Auth + proxy + two agents: the quickstart's node (tunnel only: its SSH port listens on an
 * unadvertised loopback port) and a second node in direct mode. A user logs in with gate and
 * works on both with gate and with the real OpenSSH tools configured by `gate config`. The
 * direct node runs where /usr/lib/openssh is empty (no sftp-server): scp, sftp and rsync work
 * there all the same, served by the agent itself.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
// The dedicated SSH and tunnel ports here; the ...OnTheWebPortOnly subclass runs it through :3080 alone.
@SharedCluster(Cluster.PortMode.SEPARATE)
class UserLogsInAndWorksOnTwoNodes {
    private static Cluster cluster;
    private static Agent direct;
    private static String clusterName;
    @TempDir
    static Path dir;
    static Path gateHome;
    static String aliceSecret;

    @BeforeAll
    static void start(Cluster shared) throws Exception {
        cluster = shared;
        int port = io.gatehouse.e2e.support.Ports.free();
        direct = new Agent(cluster, "direct-b", "direct", Map.of("env", "staging", "team", "db"),
                io.gatehouse.e2e.support.Ports.hostAddress() + ":" + port)
                .withCommandLabel("kernel", "uname", "-s").withoutOpenSshHelpers().start();
        clusterName = cluster.gatectl("status").out().lines().filter(l -> l.startsWith("Cluster:")).findFirst()
                .orElseThrow().split(":\\s*", 2)[1].strip();
        var add = cluster.gatectl("users", "add", "alice", "--roles=access", "--logins=" + Cluster.LOGIN);
        assertEquals(0, add.exit(), add.toString());
        aliceSecret = Users.completeInvite(new ProxyCalls(cluster.proxyIdentity(), cluster.port()), "alice",
                Cluster.inviteToken(add.out())).totpSecret();
        gateHome = dir.resolve("gate-home");
    }

    /** For the web-port-only run's own checks. */
    static Cluster cluster() {
        return cluster;
    }

    @AfterAll
    static void stop() {
        direct.close();
    }

    @Test
    @Order(1)
    void gateLoginStoresAPrivateKeyOnlyTheUserCanRead() throws Exception {
        String pin = cluster.gatectl("status").out().lines().filter(l -> l.startsWith("CA pin:")).findFirst()
                .orElseThrow().split("\\s+")[2];
        String code = TotpCodes.code(aliceSecret, TotpCodes.step(Instant.now()));
        var login = cluster.gate(gateHome, Users.PASSWORD + "\n" + code + "\n", "login",
                "--proxy=127.0.0.1:" + cluster.webPort(), "--user=alice", "--ca-pin=" + pin);
        assertEquals(0, login.exit(), login.toString());
        assertTrue(login.out().contains("Logged in to cluster '" + clusterName + "' as alice"), login.out());
        Path key = gateHome.resolve("keys/127.0.0.1_" + cluster.webPort() + "/alice");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
        // The key is the user's to use with any SSH client, not only gate's ssh
        KeyReaders.assertEveryClientReads(key);
        var status = cluster.gate(gateHome, null, "status");
        assertEquals(0, status.exit(), status.toString());
        assertTrue(status.out().contains("Logins:       " + Cluster.LOGIN), status.out());
    }

    @Test
    @Order(2)
    void gateLsShowsBothNodesWithLabelsAndFilters() {
        var ls = cluster.gate(gateHome, null, "ls");
        assertEquals(0, ls.exit(), ls.toString());
        assertTrue(ls.out().matches("(?s).*" + cluster.nodeName() + "\\s+<- tunnel\\s+env=quickstart\\s+online.*"),
                ls.out());
        // kernel is a command label (uname -s, run by the agent), shown and filtered like static ones
        assertTrue(ls.out().matches("(?s).*direct-b\\s+direct\\s+env=staging,kernel=Linux,team=db\\s+online.*"),
                ls.out());
        var byCommandLabel = cluster.gate(gateHome, null, "ls", "kernel=Linux");
        assertTrue(byCommandLabel.out().contains("direct-b") && !byCommandLabel.out().contains(cluster.nodeName()),
                byCommandLabel.out());
        var filtered = cluster.gate(gateHome, null, "ls", "env=staging");
        assertTrue(filtered.out().contains("direct-b") && !filtered.out().contains(cluster.nodeName()),
                filtered.out());
        var search = cluster.gate(gateHome, null, "ls", "--search=team=d", "-o", "json");
        assertTrue(search.out().contains("\"name\" : \"direct-b\"") && !search.out().contains(cluster.nodeName()),
                search.out());
    }

    @Test
    @Order(3)
    void plainSshWithGateConfigRunsACommandOnEachNode() throws Exception {
        Ssh ssh = sshFromGateConfig();
        for (String node : new String[] {cluster.nodeName(), "direct-b"}) {
            var r = ssh.ssh(Cluster.LOGIN + "@" + node + "." + clusterName, "echo on-$((40+2))");
            assertEquals(0, r.exit(), node + ": " + r + "\n--- proxy\n" + cluster.log("proxy"));
            assertEquals("on-42", r.out().strip());
        }
    }

    @Test
    @Order(4)
    void scpSftpAndRsyncCopyTenMebibytesBothWaysIntactEvenWithoutOpenSshOnTheNode() throws Exception {
        Ssh ssh = sshFromGateConfig();
        var bare = ssh.ssh(Cluster.LOGIN + "@direct-b." + clusterName, "ls -A /usr/lib/openssh | wc -l");
        assertEquals("0", bare.out().strip(), "direct-b's node sees no OpenSSH helpers: " + bare);
        byte[] data = new byte[10 * 1024 * 1024];
        new Random(42).nextBytes(data);
        Path local = dir.resolve("ten-mib.bin");
        Files.write(local, data);
        String remote = "/tmp/gatehouse-e2e-" + ProcessHandle.current().pid() + ".bin";
        for (String node : new String[] {cluster.nodeName(), "direct-b"}) {
            String host = Cluster.LOGIN + "@" + node + "." + clusterName;
            var up = ssh.scp(local.toString(), host + ":" + remote);
            assertEquals(0, up.exit(), up.toString());
            Path back = dir.resolve(node + "-scp.bin");
            var down = ssh.scp(host + ":" + remote, back.toString());
            assertEquals(0, down.exit(), down.toString());
            assertEquals(sha256(local), sha256(back), "scp round trip via " + node);

            Path sftpBack = dir.resolve(node + "-sftp.bin");
            Path batch = dir.resolve("batch-" + node);
            Files.writeString(batch, "put " + local + " " + remote + ".sftp\nget " + remote + ".sftp " + sftpBack
                    + "\nrm " + remote + ".sftp\nrm " + remote + "\n");
            var sftp = ssh.sftp(host, batch);
            assertEquals(0, sftp.exit(), sftp.toString());
            assertEquals(sha256(local), sha256(sftpBack), "sftp round trip via " + node);

            var legacyUp = ssh.scpLegacy(local.toString(), host + ":" + remote + ".scp-o");
            assertEquals(0, legacyUp.exit(), legacyUp.toString());
            Path legacyBack = dir.resolve(node + "-scp-o.bin");
            var legacyDown = ssh.scpLegacy(host + ":" + remote + ".scp-o", legacyBack.toString());
            assertEquals(0, legacyDown.exit(), legacyDown.toString());
            assertEquals(sha256(local), sha256(legacyBack), "scp -O round trip via " + node);

            var rsyncUp = ssh.rsync(local.toString(), host + ":" + remote + ".rsync");
            assertEquals(0, rsyncUp.exit(), rsyncUp.toString());
            Path rsyncBack = dir.resolve(node + "-rsync.bin");
            var rsyncDown = ssh.rsync(host + ":" + remote + ".rsync", rsyncBack.toString());
            assertEquals(0, rsyncDown.exit(), rsyncDown.toString());
            assertEquals(sha256(local), sha256(rsyncBack), "rsync round trip via " + node);
            var cleanUp = ssh.ssh(host, "rm " + remote + ".scp-o " + remote + ".rsync");
            assertEquals(0, cleanUp.exit(), cleanUp.toString());
        }
    }

    @Test
    @Order(5)
    void gateSshPassesTheExitCodeAndGateScpCopies() throws Exception {
        var r = cluster.gate(gateHome, null, "ssh", Cluster.LOGIN + "@" + cluster.nodeName(), "exit 3");
        assertEquals(3, r.exit(), r.toString());
        var ok = cluster.gate(gateHome, null, "ssh", Cluster.LOGIN + "@direct-b", "echo", "fine");
        assertEquals(0, ok.exit(), ok.toString());
        assertEquals("fine", ok.out().strip());
        String remote = "/tmp/gate-scp-e2e-" + ProcessHandle.current().pid() + ".txt";
        Path f = dir.resolve("small.txt");
        Files.writeString(f, "hello through gate scp\n");
        var up = cluster.gate(gateHome, null, "scp", f.toString(), Cluster.LOGIN + "@direct-b:" + remote);
        assertEquals(0, up.exit(), up.toString());
        var cat = cluster.gate(gateHome, null, "ssh", Cluster.LOGIN + "@direct-b", "cat " + remote + " && rm " + remote);
        assertEquals("hello through gate scp", cat.out().strip());
    }

    @Test
    @Order(6)
    void afterLogoutNothingWorksAndTheKeysAreGone() {
        var out = cluster.gate(gateHome, null, "logout");
        assertEquals(0, out.exit(), out.toString());
        assertFalse(Files.exists(gateHome.resolve("keys/127.0.0.1_" + cluster.webPort() + "/alice")));
        var ls = cluster.gate(gateHome, null, "ls");
        assertNotEquals(0, ls.exit());
        assertTrue(ls.err().contains("not logged in"), ls.toString());
    }

    private static Ssh sshFromGateConfig() throws Exception {
        var cfg = cluster.gate(gateHome, null, "config");
        assertEquals(0, cfg.exit(), cfg.toString());
        Path file = dir.resolve("ssh_config");
        Files.writeString(file, cfg.out());
        return new Ssh(file);
    }

    private static String sha256(Path p) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
    }
}
