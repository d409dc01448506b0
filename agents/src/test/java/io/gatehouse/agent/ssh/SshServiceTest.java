package io.gatehouse.agent.ssh;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.shared.cert.HostIdentity;
import io.gatehouse.shared.cert.Keys;
import io.gatehouse.shared.cert.SshCertificateSigner;
import io.gatehouse.shared.cert.UserIdentity;
import io.gatehouse.shared.rbac.AccessChecker;
import io.gatehouse.shared.rbac.Traits;
import io.gatehouse.shared.resource.Resources;
import io.gatehouse.shared.resource.RoleSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import io.gatehouse.shared.api.AccessRequestDto;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The node's SSH service, driven by the real OpenSSH client (ssh, sftp, scp). */
class SshServiceTest {
    private static final KeyPair USER_CA = Keys.generateEcdsaP256();
    private static final KeyPair HOST_CA = Keys.generateEcdsaP256();
    private static final List<io.gatehouse.shared.api.NodeEvent> EVENTS = new CopyOnWriteArrayList<>();
    private static SshService service;
    @TempDir
    static Path dir;

    /** The tests log in as whoever runs them: as root the agent drops to any login, otherwise only to itself. */
    private static final String ME = System.getProperty("user.name");
    private static final String ROLE = """
            kind: role
            version: v1
            metadata: {name: ops}
            spec:
              allow:
                logins: [%s, daemon, "{{internal.logins}}"]
                node_labels: {env: dev}
              deny:
                logins: [daemon]
            """;

    private static final java.util.Set<String> CANCELLED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    @BeforeAll
    static void start() throws Exception {
        KeyPair hostKey = Keys.generateEcdsaP256();
        Instant now = Instant.now();
        String hostCert = new SshCertificateSigner(HOST_CA).signHost(hostKey.getPublic(), new HostIdentity("uuid-1",
                "node-1", "test", List.of("node"), List.of("127.0.0.1", "localhost"), now.minusSeconds(60),
                now.plusSeconds(3600)), 1);
        var role = Resources.parseYaml(ROLE.formatted(ME), "ops").get(0).as(RoleSpec.class);
        RoleSource roles = user -> AccessChecker.of(List.of(role), Traits.of(user.traits()));
        service = new SshService(new NodeIdentity("node-1", Map.of("env", "dev"), hostKey, hostCert,
                List.of(USER_CA.getPublic())), roles, new LocalLogins(), Clock.systemUTC(), "127.0.0.1", 0,
                new SessionAudit("node-1", EVENTS::add, Clock.systemUTC(), roles, Optional.of(dir.resolve(
                        "recordings"))));
        // Auth's answer about access requests: approved for an hour, unless the test cancelled it.
        service.endSessionsWhoseRequestEnds(ids -> ids.stream().map(id -> new AccessRequestDto.StateView(id,
                CANCELLED.contains(id) ? "cancelled" : "approved", Instant.now().plusSeconds(3600))).toList());
        service.start();
        Files.writeString(dir.resolve("known_hosts"), "@cert-authority [127.0.0.1]:" + service.port() + " "
                + Keys.toOpenSshPublicKey(HOST_CA.getPublic()) + "\n");
    }

    @AfterAll
    static void stop() throws Exception {
        service.close();
    }

    record Result(int exit, String out, String err) {
    }

    /** A user key + certificate on disk, as `gatectl auth sign` writes them. */
    static Path userKey(String name, KeyPair ca, List<String> logins, Instant expires) throws Exception {
        return userKey(name, ca, logins, expires, true);
    }

    static Path userKey(String name, KeyPair ca, List<String> logins, Instant expires, boolean portForwarding)
            throws Exception {
        return userKey(name, ca, logins, expires, portForwarding, Optional.empty());
    }

    static Path userKey(String name, KeyPair ca, List<String> logins, Instant expires, boolean portForwarding,
            Optional<String> accessRequest) throws Exception {
        KeyPair key = Keys.generateEcdsaP256();
        Path file = dir.resolve(name);
        Files.writeString(file, Keys.privateKeyToPem(key.getPrivate()));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        UserIdentity id = new UserIdentity(name, List.of("ops"), Map.of(), logins, Instant.now().minusSeconds(60),
                expires, Map.of(), portForwarding, true, accessRequest);
        Files.writeString(dir.resolve(name + "-cert.pub"), new SshCertificateSigner(ca).signUser(key.getPublic(), id,
                1) + "\n");
        return file;
    }

    static Result ssh(Path key, String knownHosts, String login, String... command) throws Exception {
        // Options (like -tt) must come before the destination, or ssh sends them as the command.
        List<String> argv = new ArrayList<>(List.of("ssh"));
        int i = 0;
        while (i < command.length && command[i].startsWith("-")) {
            argv.add(command[i++]);
        }
        command = java.util.Arrays.copyOfRange(command, i, command.length);
        argv.addAll(List.of("-F", "/dev/null", "-i", key.toString(), "-o",
                "CertificateFile=" + key + "-cert.pub", "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes", "-o",
                "UserKnownHostsFile=" + dir.resolve(knownHosts), "-o", "StrictHostKeyChecking=yes", "-p",
                Integer.toString(service.port()), login + "@127.0.0.1"));
        argv.addAll(List.of(command));
        return run(argv);
    }

    static Result run(List<String> argv) throws Exception {
        Process p = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + argv);
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err,
                StandardCharsets.UTF_8));
    }

    @Test
    void anOpenSessionEndsWhenItsCertificateExpiresAndSaysWhy() throws Exception {
        // A certificate that ends in a few seconds, as one from an access request about to expire.
        Path key = userKey("brief", USER_CA, List.of(ME), Instant.now().plusSeconds(4));
        long start = System.nanoTime();
        Result r = ssh(key, "known_hosts", ME, "sleep 30; echo outlived-its-certificate");
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
        assertTrue(!r.out().contains("outlived-its-certificate"), r.toString());
        assertEquals(255, r.exit(), r.toString());
        assertTrue(r.err().contains("the certificate of brief expired at") && r.err().contains("Log in again"),
                r.toString());
        assertTrue(seconds < 15, "closed within seconds of the expiry, took " + seconds + " s");
    }

    @Test
    void anOpenSessionEndsWhenTheAccessRequestItCarriesIsCancelled() throws Exception {
        String request = "req-" + System.nanoTime();
        Path key = userKey("elevated", USER_CA, List.of(ME), inAnHour(), true, Optional.of(request));
        Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(2000);
            } catch (InterruptedException e) {
                return;
            }
            CANCELLED.add(request); // a reviewer cancels it while the session runs
        });
        long start = System.nanoTime();
        Result r = ssh(key, "known_hosts", ME, "sleep 40; echo outlived-its-request");
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
        assertTrue(!r.out().contains("outlived-its-request"), r.toString());
        assertTrue(r.err().contains("your access request " + request + " was cancelled") && r.err().contains(
                "request access again"), r.toString());
        assertTrue(seconds < 2 + 10 + 8, "closed within a check of the cancel, took " + seconds + " s");
    }

    @Test
    void idleTerminalsDoNotStallOtherSessions() throws Exception {
        Path key = userKey("many", USER_CA, List.of(ME), inAnHour());
        List<Process> idle = new ArrayList<>();
        try {
            for (int i = 0; i < 2 * Runtime.getRuntime().availableProcessors() + 2; i++) {
                idle.add(new ProcessBuilder("ssh", "-tt", "-F", "/dev/null", "-i", key.toString(), "-o",
                        "CertificateFile=" + key + "-cert.pub", "-o", "BatchMode=yes", "-o", "UserKnownHostsFile="
                        + dir.resolve("known_hosts"), "-p", Integer.toString(service.port()), ME + "@127.0.0.1",
                        "sleep 120").start());
            }
            Thread.sleep(2000);
            long start = System.nanoTime();
            Result r = ssh(key, "known_hosts", ME, "echo still-served");
            assertEquals("still-served", r.out().strip(), r.toString());
            assertTrue(System.nanoTime() - start < java.util.concurrent.TimeUnit.SECONDS.toNanos(40),
                    "a new session is served while terminals idle");
        } finally {
            idle.forEach(Process::destroyForcibly);
        }
    }

    @Test
    void portForwardingFollowsTheCertificateAndIsAudited() throws Exception {
        try (java.net.ServerSocket target = new java.net.ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                while (!target.isClosed()) {
                    try (var s = target.accept()) {
                        s.getOutputStream().write("forwarded\n".getBytes(StandardCharsets.UTF_8));
                    } catch (java.io.IOException ignored) {
                        // closed at the end
                    }
                }
            });
            Path allowed = userKey("fwd-yes", USER_CA, List.of(ME), inAnHour(), true);
            Result ok = ssh(allowed, "known_hosts", ME, "-W127.0.0.1:" + target.getLocalPort());
            assertEquals("forwarded", ok.out().strip(), ok.toString());
            Path denied = userKey("fwd-no", USER_CA, List.of(ME), inAnHour(), false);
            Result no = ssh(denied, "known_hosts", ME, "-W127.0.0.1:" + target.getLocalPort());
            assertEquals(255, no.exit(), no.toString());
            assertTrue(no.err().contains("administratively prohibited"), no.toString());
        }
        assertTrue(EVENTS.stream().anyMatch(e -> e.type().equals("port-forward") && e.success()
                && "fwd-yes".equals(e.user())), EVENTS.toString());
        assertTrue(EVENTS.stream().anyMatch(e -> e.type().equals("port-forward") && !e.success()
                && "fwd-no".equals(e.user()) && String.valueOf(e.fields().get("reason")).contains("certificate")),
                EVENTS.toString());
    }

    private static Instant inAnHour() {
        return Instant.now().plus(Duration.ofHours(1));
    }

    @Test
    void aCommandRunsAsTheLoginAndItsExitCodeComesBack() throws Exception {
        Path key = userKey("alice", USER_CA, List.of(ME), inAnHour());
        Result r = ssh(key, "known_hosts", ME, "id -un; echo gatehouse-$((6*7)); exit 3");
        assertEquals(3, r.exit(), r.toString());
        assertEquals(ME + "\ngatehouse-42\n", r.out());
    }

    @Test
    void anInteractiveSessionGetsARealTerminal() throws Exception {
        Path key = userKey("pty", USER_CA, List.of(ME), inAnHour());
        Result r = ssh(key, "known_hosts", ME, "-tt", "tty; stty size; exit 4");
        assertEquals(4, r.exit(), r.toString());
        assertTrue(r.out().startsWith("/dev/pts/"), r.out());
        assertTrue(r.out().contains("\r\n"), "a terminal turns newlines into CR LF: " + r.out());
    }

    @Test
    void aLoginTheCertificateDoesNotNameIsRefused() throws Exception {
        Path key = userKey("bob", USER_CA, List.of(ME), inAnHour());
        Result r = ssh(key, "known_hosts", "daemon", "true");
        assertEquals(255, r.exit());
        assertTrue(r.err().contains("Permission denied"), r.err());
        assertTrue(refused("bob", "does not allow login 'daemon'"), EVENTS.toString());
    }

    @Test
    void aLoginTheRolesDenyIsRefusedEvenIfTheCertificateNamesIt() throws Exception {
        Path key = userKey("carol", USER_CA, List.of("daemon"), inAnHour());
        assertEquals(255, ssh(key, "known_hosts", "daemon", "true").exit());
        assertTrue(refused("carol", "denies"), EVENTS.toString());
    }

    @Test
    void aCertificateFromAnotherCaIsRefused() throws Exception {
        Path key = userKey("mallory", Keys.generateEcdsaP256(), List.of(ME), inAnHour());
        assertEquals(255, ssh(key, "known_hosts", ME, "true").exit());
        assertTrue(refused("mallory", "user CA"), EVENTS.toString());
    }

    @Test
    void anExpiredCertificateIsRefused() throws Exception {
        Path key = userKey("late", USER_CA, List.of(ME), Instant.now().minusSeconds(5));
        assertEquals(255, ssh(key, "known_hosts", ME, "true").exit());
    }

    @Test
    void aPlainKeyWithoutCertificateIsRefused() throws Exception {
        Path key = userKey("plain", USER_CA, List.of(ME), inAnHour());
        Files.delete(dir.resolve("plain-cert.pub"));
        Result r = run(List.of("ssh", "-F", "/dev/null", "-i", key.toString(), "-o", "IdentitiesOnly=yes", "-o",
                "BatchMode=yes", "-o", "UserKnownHostsFile=" + dir.resolve("known_hosts"), "-p",
                Integer.toString(service.port()), ME + "@127.0.0.1", "true"));
        assertEquals(255, r.exit());
    }

    @Test
    void aHostCertificateFromAnotherCaFailsHostKeyVerificationLoudly() throws Exception {
        Files.writeString(dir.resolve("other_known_hosts"), "@cert-authority [127.0.0.1]:" + service.port() + " "
                + Keys.toOpenSshPublicKey(Keys.generateEcdsaP256().getPublic()) + "\n");
        Path key = userKey("dave", USER_CA, List.of(ME), inAnHour());
        Result r = ssh(key, "other_known_hosts", ME, "true");
        assertEquals(255, r.exit());
        assertTrue(r.err().contains("Host key verification failed"), r.err());
    }

    @Test
    void sftpAndScpCopyAFileBothWaysIntact() throws Exception {
        Path key = userKey("files", USER_CA, List.of(ME), inAnHour());
        byte[] data = new byte[3 * 1024 * 1024];
        new SecureRandom().nextBytes(data);
        Path local = dir.resolve("upload.bin");
        Files.write(local, data);
        Path remote = dir.resolve("remote.bin");
        Path back = dir.resolve("download.bin");
        Files.writeString(dir.resolve("batch"), "put " + local + " " + remote + "\nget " + remote + " " + back + "\n");
        List<String> common = List.of("-F", "/dev/null", "-i", key.toString(), "-o", "CertificateFile=" + key
                + "-cert.pub", "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes", "-o", "UserKnownHostsFile="
                + dir.resolve("known_hosts"), "-P", Integer.toString(service.port()));
        List<String> sftp = new ArrayList<>(List.of("sftp", "-b", dir.resolve("batch").toString()));
        sftp.addAll(common);
        sftp.add(ME + "@127.0.0.1");
        Result r = run(sftp);
        assertEquals(0, r.exit(), r.toString());
        assertArrayEquals(sha256(data), sha256(Files.readAllBytes(back)));

        Path viaScp = dir.resolve("scp.bin");
        List<String> scp = new ArrayList<>(List.of("scp"));
        scp.addAll(common);
        scp.addAll(List.of(ME + "@127.0.0.1:" + remote, viaScp.toString()));
        Result s = run(scp);
        assertEquals(0, s.exit(), s.toString());
        assertArrayEquals(sha256(data), sha256(Files.readAllBytes(viaScp)));

        // Legacy scp (-O: "scp -t" run as a command) and rsync ("rsync --server" as a command).
        Path legacy = dir.resolve("legacy.bin");
        List<String> scpO = new ArrayList<>(List.of("scp", "-O"));
        scpO.addAll(common);
        scpO.addAll(List.of(local.toString(), ME + "@127.0.0.1:" + legacy));
        Result o = run(scpO);
        assertEquals(0, o.exit(), o.toString());
        assertArrayEquals(sha256(data), sha256(Files.readAllBytes(legacy)));
        String rsh = "ssh -F /dev/null -i " + key + " -o CertificateFile=" + key + "-cert.pub -o IdentitiesOnly=yes"
                + " -o BatchMode=yes -o UserKnownHostsFile=" + dir.resolve("known_hosts") + " -p " + service.port();
        Path synced = dir.resolve("rsynced.bin");
        Result up = run(List.of("rsync", "-e", rsh, local.toString(), ME + "@127.0.0.1:" + synced));
        assertEquals(0, up.exit(), up.toString());
        Path syncedBack = dir.resolve("rsynced-back.bin");
        Result down = run(List.of("rsync", "-e", rsh, ME + "@127.0.0.1:" + synced, syncedBack.toString()));
        assertEquals(0, down.exit(), down.toString());
        assertArrayEquals(sha256(data), sha256(Files.readAllBytes(syncedBack)));
    }

    @Test
    void sftpRunsAsTheLoginInItsHomeWithoutOpenSshsSftpServer() throws Exception {
        Path key = userKey("sftp-home", USER_CA, List.of(ME), inAnHour());
        Files.writeString(dir.resolve("pwd-batch"), "pwd\n");
        Result r = run(List.of("sftp", "-b", dir.resolve("pwd-batch").toString(), "-F", "/dev/null", "-i",
                key.toString(), "-o", "CertificateFile=" + key + "-cert.pub", "-o", "IdentitiesOnly=yes", "-o",
                "BatchMode=yes", "-o", "UserKnownHostsFile=" + dir.resolve("known_hosts"), "-P",
                Integer.toString(service.port()), ME + "@127.0.0.1"));
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("Remote working directory: " + Path.of(System.getProperty("user.home"))
                .toRealPath()), r.out());
        // Gatehouse's own SFTP process served it, not /usr/lib/openssh/sftp-server.
        var start = EVENTS.stream().filter(e -> e.user().equals("sftp-home") && e.type().equals("session.start"))
                .findFirst().orElseThrow();
        assertEquals("sftp", start.fields().get("kind"), start.toString());
    }

    private static boolean refused(String user, String reason) {
        return EVENTS.stream().anyMatch(e -> e.type().equals("ssh.login_refused") && !e.success()
                && e.user().equals(user) && String.valueOf(e.fields().get("reason")).contains(reason));
    }

    @Test
    void anInteractiveSessionIsRecordedAsAsciicast() throws Exception {
        Path key = userKey("recorded", USER_CA, List.of(ME), inAnHour());
        assertEquals(0, ssh(key, "known_hosts", ME, "-tt", "echo recorded-$((6*7))").exit());
        var start = EVENTS.stream().filter(e -> e.user().equals("recorded") && e.type().equals("session.start"))
                .findFirst().orElseThrow();
        Path cast = dir.resolve("recordings").resolve(String.valueOf(start.fields().get("recording")));
        List<String> lines = Files.readAllLines(cast);
        assertTrue(lines.get(0).contains("\"version\":2"), lines.get(0));
        assertTrue(lines.stream().skip(1).anyMatch(l -> l.contains("recorded-42")), lines.toString());
    }

    @Test
    void aCommandIsAuditedWithItsExitCode() throws Exception {
        Path key = userKey("audited", USER_CA, List.of(ME), inAnHour());
        assertEquals(5, ssh(key, "known_hosts", ME, "exit 5").exit());
        var mine = EVENTS.stream().filter(e -> e.user().equals("audited")).toList();
        assertEquals(List.of("session.start", "exec", "session.end"), mine.stream().map(e -> e.type()).toList());
        assertEquals(5, mine.get(1).fields().get("exit_code"));
        assertEquals("exit 5", mine.get(1).fields().get("command"));
        assertEquals(mine.get(0).fields().get("session_id"), mine.get(2).fields().get("session_id"));
    }

    private static byte[] sha256(byte[] b) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(b);
    }
}
