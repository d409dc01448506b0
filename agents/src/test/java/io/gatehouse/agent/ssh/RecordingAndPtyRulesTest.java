package io.gatehouse.agent.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.gatehouse.shared.api.NodeEvent;
import io.gatehouse.shared.cert.HostIdentity;
import io.gatehouse.shared.cert.Keys;
import io.gatehouse.shared.cert.SshCertificateSigner;
import io.gatehouse.shared.cert.UserIdentity;
import io.gatehouse.shared.rbac.AccessChecker;
import io.gatehouse.shared.rbac.Traits;
import io.gatehouse.shared.resource.Resource;
import io.gatehouse.shared.resource.Resources;
import io.gatehouse.shared.resource.RoleSpec;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * record_session (with or without a terminal, strict or best effort) and permit_pty, enforced by
 * the node's SSH service against the real OpenSSH client: each test sends what a user trying to
 * get around the rule would send.
 */
class RecordingAndPtyRulesTest {
    private static final KeyPair USER_CA = Keys.generateEcdsaP256();
    private static final KeyPair HOST_CA = Keys.generateEcdsaP256();
    private static final String ME = System.getProperty("user.name");
    private static final Map<String, String> OPTIONS = Map.of(
            "recorded", "{record_session: true}",
            "no-pty", "{permit_pty: false, record_session: true}",
            "strict", "{record_session: {ssh: strict}}");
    private final List<NodeEvent> events = new CopyOnWriteArrayList<>();
    @TempDir
    Path dir;

    private static Resource<RoleSpec> role(String name) {
        return Resources.parseYaml("""
                kind: role
                version: v1
                metadata: {name: %s}
                spec:
                  allow: {logins: [%s], node_labels: {"*": "*"}}
                  options: %s
                """.formatted(name, ME, OPTIONS.get(name)), name).get(0).as(RoleSpec.class);
    }

    /** A node serving SSH with its recordings in {@code recordings}. */
    private record Node(SshService service, Path knownHosts) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            service.close();
        }
    }

    private Node node(Path recordings) throws Exception {
        return node(recordings, () -> true);
    }

    /** @param rolesReadable false: auth cannot be reached, so the node reads none of the user's roles */
    private Node node(Path recordings, java.util.function.BooleanSupplier rolesReadable) throws Exception {
        KeyPair hostKey = Keys.generateEcdsaP256();
        Instant now = Instant.now();
        String hostCert = new SshCertificateSigner(HOST_CA).signHost(hostKey.getPublic(), new HostIdentity("uuid-1",
                "node-1", "test", List.of("node"), List.of("127.0.0.1"), now.minusSeconds(60), now.plusSeconds(3600)),
                1);
        RoleSource roles = user -> AccessChecker.of(rolesReadable.getAsBoolean() ? user.roles().stream()
                .map(RecordingAndPtyRulesTest::role).toList() : List.of(), Traits.of(user.traits()));
        SshService service = new SshService(new NodeIdentity("node-1", Map.of("env", "dev"), hostKey, hostCert,
                List.of(USER_CA.getPublic())), roles, new LocalLogins(), Clock.systemUTC(), "127.0.0.1", 0,
                new SessionAudit("node-1", events::add, Clock.systemUTC(), roles, Optional.of(recordings)));
        service.start();
        Path knownHosts = dir.resolve("known_hosts");
        Files.writeString(knownHosts, "@cert-authority [127.0.0.1]:" + service.port() + " "
                + Keys.toOpenSshPublicKey(HOST_CA.getPublic()) + "\n");
        return new Node(service, knownHosts);
    }

    private Path userKey(String user, String role, boolean permitPty) throws Exception {
        KeyPair key = Keys.generateEcdsaP256();
        Path file = dir.resolve(user);
        Files.writeString(file, Keys.privateKeyToPem(key.getPrivate()));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        UserIdentity id = new UserIdentity(user, List.of(role), Map.of(), List.of(ME), Instant.now().minusSeconds(60),
                Instant.now().plusSeconds(3600), Map.of(), true, permitPty, Optional.empty());
        Files.writeString(dir.resolve(user + "-cert.pub"), new SshCertificateSigner(USER_CA).signUser(key.getPublic(),
                id, 1) + "\n");
        return file;
    }

    private record Result(int exit, String out, String err) {
    }

    /** ssh with {@code options} (before the destination), {@code command} (none: a shell) and {@code stdin}. */
    private Result ssh(Node node, Path key, String stdin, List<String> options, String... command) throws Exception {
        List<String> argv = new ArrayList<>(List.of("ssh"));
        argv.addAll(options);
        argv.addAll(List.of("-F", "/dev/null", "-i", key.toString(), "-o", "CertificateFile=" + key + "-cert.pub",
                "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes", "-o", "UserKnownHostsFile=" + node.knownHosts(),
                "-o", "StrictHostKeyChecking=yes", "-p", Integer.toString(node.service().port()), ME + "@127.0.0.1"));
        argv.addAll(List.of(command));
        Path input = Files.writeString(Files.createTempFile(dir, "stdin", ""), stdin);
        Process p = new ProcessBuilder(argv).redirectInput(input.toFile()).start();
        CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("ssh did not end within 60 s: " + argv);
        }
        return new Result(p.exitValue(), new String(out.get(), StandardCharsets.UTF_8), new String(err.get(),
                StandardCharsets.UTF_8));
    }

    private static byte[] readAll(java.io.InputStream in) {
        try {
            return in.readAllBytes();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private NodeEvent event(String user, String type) {
        return events.stream().filter(e -> e.user().equals(user) && e.type().equals(type)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + " of " + user + " in " + events));
    }

    private String recording(Path recordings, String user) throws Exception {
        Object name = event(user, "session.start").fields().get("recording");
        assertTrue(name != null, "the session was recorded: " + events);
        return Files.readString(recordings.resolve(name.toString()));
    }

    @Test
    void aShellWithoutATerminalIsRecordedWithWhatItPrintsOnBothStreams() throws Exception {
        Path recordings = dir.resolve("recordings");
        try (Node node = node(recordings)) {
            Result r = ssh(node, userKey("quiet", "recorded", true), "echo out-$((6*7))\necho err-$((6*7)) >&2\n"
                    + "exit 0\n", List.of("-T"));
            assertEquals(0, r.exit(), r.toString());
            assertEquals("out-42\n", r.out());
            String cast = recording(recordings, "quiet");
            assertTrue(cast.contains("out-42\\r\\n") && cast.contains("err-42"), cast);
            assertEquals(false, event("quiet", "session.start").fields().get("pty"));
            assertTrue(Files.exists(recordings.resolve(event("quiet", "session.start").fields().get("session_id")
                    + ".meta.json")), "the recording is handed to the uploader");
        }
    }

    @Test
    void aCommandWithoutATerminalIsRecorded() throws Exception {
        Path recordings = dir.resolve("recordings");
        try (Node node = node(recordings)) {
            Result r = ssh(node, userKey("scripted", "recorded", true), "", List.of(), "echo exec-$((6*7))");
            assertEquals("exec-42\n", r.out(), r.toString());
            assertTrue(recording(recordings, "scripted").contains("exec-42"));
        }
    }

    @Test
    void aRoleWithPermitPtyFalseGetsNoTerminal() throws Exception {
        try (Node node = node(dir.resolve("recordings"))) {
            // OpenSSH's ssh -t treats a refused pty-req as fatal: it says so and ends.
            Result r = ssh(node, userKey("nopty", "no-pty", true), "", List.of("-tt"), "tty; exit 0");
            assertFalse(r.out().contains("/dev/pts"), r.toString());
            assertTrue(r.err().contains("PTY allocation request failed"), r.err());
            // MINA's client (the web terminal's) goes on without a terminal and is told why.
            Result mina = minaExecWithPty(node, "nopty2", "no-pty", true, "tty; exit 0");
            assertTrue(mina.out().contains("not a tty"), mina.toString());
            assertTrue(mina.err().contains("a role of nopty2 forbids a terminal (permit_pty: false)"), mina.err());
        }
    }

    @Test
    void aCertificateWithoutPermitPtyGetsNoTerminalWhateverTheRoles() throws Exception {
        try (Node node = node(dir.resolve("recordings"))) {
            Result r = ssh(node, userKey("oldcert", "recorded", false), "", List.of("-tt"), "tty; exit 0");
            assertFalse(r.out().contains("/dev/pts"), r.toString());
            assertTrue(r.err().contains("PTY allocation request failed"), r.err());
            Result mina = minaExecWithPty(node, "oldcert2", "recorded", false, "tty; exit 0");
            assertTrue(mina.out().contains("not a tty"), mina.toString());
            assertTrue(mina.err().contains("no permit-pty"), mina.err());
        }
    }

    /** An exec channel with a pty-req from MINA's SSH client (as the proxy's web terminal opens one). */
    private Result minaExecWithPty(Node node, String user, String role, boolean permitPty, String command)
            throws Exception {
        return minaExec(node, user, role, permitPty, true, () -> { }, command);
    }

    /** MINA's SSH client: logs in, runs {@code afterLogin}, then opens an exec channel on the same connection. */
    private Result minaExec(Node node, String user, String role, boolean permitPty, boolean pty, Runnable afterLogin,
            String command) throws Exception {
        Path keyFile = userKey(user, role, permitPty);
        var cert = (org.apache.sshd.common.config.keys.OpenSshCertificate) Keys.parseOpenSshPublicKey(
                Files.readString(dir.resolve(user + "-cert.pub")).strip());
        KeyPair key = new KeyPair(cert, Keys.parsePrivateKeyPem(Files.readString(keyFile)));
        try (var client = org.apache.sshd.client.SshClient.setUpDefaultClient()) {
            // The node's host key is not what this test is about (SshServiceTest checks it with OpenSSH).
            client.setServerKeyVerifier((session, remote, hostKey) -> true);
            client.start();
            try (var session = client.connect(ME, "127.0.0.1", node.service().port()).verify(10_000).getSession()) {
                session.addPublicKeyIdentity(key);
                session.auth().verify(10_000);
                afterLogin.run();
                try (var channel = session.createExecChannel(command)) {
                    channel.setUsePty(pty);
                    var out = new java.io.ByteArrayOutputStream();
                    var err = new java.io.ByteArrayOutputStream();
                    channel.setOut(out);
                    channel.setErr(err);
                    channel.open().verify(10_000);
                    channel.waitFor(java.util.EnumSet.of(org.apache.sshd.client.channel.ClientChannelEvent.CLOSED),
                            30_000);
                    Integer status = channel.getExitStatus();
                    return new Result(status == null ? -1 : status, out.toString(StandardCharsets.UTF_8),
                            err.toString(StandardCharsets.UTF_8));
                }
            }
        }
    }

    @Test
    void anEnvRequestForTheTerminalSizeDoesNotPassForAPtyRequest() throws Exception {
        try (Node node = node(dir.resolve("recordings"))) {
            Result r = ssh(node, userKey("sneaky", "no-pty", true), "", List.of("-o", "SetEnv=COLUMNS=100 LINES=30",
                    "-o", "SetEnv=COLUMNS=100 LINES=30"), "tty; exit 0");
            assertTrue(r.out().contains("not a tty"), r.toString());
        }
    }

    @Test
    void aStrictSessionIsRefusedWhenItsRecordingCannotBeWritten() throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("recordings"), "a file where the directory should be");
        Path marker = dir.resolve("ran-unrecorded");
        try (Node node = node(notADirectory)) {
            Result r = ssh(node, userKey("watched", "strict", true), "touch " + marker + "\n", List.of("-T"));
            assertEquals(1, r.exit(), r.toString());
            assertTrue(r.err().contains("recording required by role 'strict' could not be written on node 'node-1'")
                    && r.err().contains("the session was not started"), r.err());
            assertFalse(r.err().contains(dir.toString()), "the node's paths stay in its log: " + r.err());
            assertFalse(Files.exists(marker), "nothing ran unrecorded");
            NodeEvent start = event("watched", "session.start");
            assertFalse(start.success());
            assertTrue(String.valueOf(start.fields().get("reason")).contains("role 'strict'"), start.toString());
        }
    }

    /**
     * A connection kept open (ssh ControlMaster) opens a session while auth is unreachable: with no
     * role readable the node cannot know whether the session must be recorded, so it refuses it.
     */
    @Test
    void aSessionOpenedWhileTheRolesCannotBeReadIsRefused() throws Exception {
        java.util.concurrent.atomic.AtomicBoolean authReachable = new java.util.concurrent.atomic.AtomicBoolean(true);
        Path marker = dir.resolve("ran-unchecked");
        try (Node node = node(dir.resolve("recordings"), authReachable::get)) {
            Result r = minaExec(node, "offline", "strict", true, false, () -> authReachable.set(false),
                    "touch " + marker);
            assertFalse(Files.exists(marker), "nothing ran while the roles were unknown: " + r);
            assertEquals(1, r.exit(), r.toString());
            assertTrue(r.err().contains("none of the roles of offline could be read"), r.err());
            assertFalse(event("offline", "session.start").success());
        }
    }

    @Test
    void aBestEffortSessionRunsOnWhenItsRecordingCannotBeWrittenAndTheFailureIsAudited() throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("recordings"), "a file where the directory should be");
        try (Node node = node(notADirectory)) {
            Result r = ssh(node, userKey("relaxed", "recorded", true), "echo still-$((6*7))\n", List.of("-T"));
            assertEquals(0, r.exit(), r.toString());
            assertEquals("still-42\n", r.out());
            NodeEvent start = event("relaxed", "session.start");
            assertTrue(start.success());
            assertTrue(String.valueOf(start.fields().get("recording_error")).contains(
                    "a file is where the recordings directory should be"), start.toString());
            assertTrue(event("relaxed", "session.end").fields().containsKey("recording_error"));
        }
    }

    @Test
    void aStrictSessionEndsWhenTheDiskFillsMidway() throws Exception {
        Path recordings = tinyFilesystem();
        Path marker = dir.resolve("ran-on");
        try (Node node = node(recordings)) {
            Result r = ssh(node, userKey("filling", "strict", true), "", List.of(),
                    "head -c 1000000 /dev/zero | tr '\\0' x; touch " + marker);
            assertEquals(255, r.exit(), r.toString().substring(0, 200));
            assertTrue(r.err().contains("recording required by role 'strict'") && r.err().contains(
                    "No space left on device") && r.err().contains("the session was ended"), r.err());
            assertTrue(r.out().length() < 1_000_000, "output stopped at the failure: " + r.out().length());
            assertFalse(Files.exists(marker), "the command was ended");
            String cast = recording(recordings, "filling");
            long recorded = cast.chars().filter(c -> c == 'x').count();
            assertTrue(r.out().length() <= recorded, "the user saw " + r.out().length() + " bytes, the recording "
                    + "holds " + recorded + ": nothing reached the user unrecorded");
        } finally {
            unmount(recordings);
        }
    }

    @Test
    void aBestEffortSessionOutlivesAFullDiskAndTheFailureIsAudited() throws Exception {
        Path recordings = tinyFilesystem();
        try (Node node = node(recordings)) {
            Result r = ssh(node, userKey("spilling", "recorded", true), "", List.of(),
                    "head -c 1000000 /dev/zero | tr '\\0' x; echo; echo done");
            assertEquals(0, r.exit(), r.err());
            assertEquals(1_000_000 + "\ndone\n".length(), r.out().length());
            assertTrue(String.valueOf(event("spilling", "session.end").fields().get("recording_error"))
                    .contains("No space left on device"), events.toString());
        } finally {
            unmount(recordings);
        }
    }

    /** A 64 KiB tmpfs for the recordings (root only: CI without root skips the disk-full tests). */
    private Path tinyFilesystem() throws Exception {
        assumeTrue("root".equals(ME), "mounting a tmpfs needs root");
        Path mount = Files.createDirectories(dir.resolve("tiny"));
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", mount.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assumeTrue(p.waitFor() == 0, "cannot mount a tmpfs here");
        return mount;
    }

    private static void unmount(Path mount) throws Exception {
        new ProcessBuilder("umount", mount.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
    }
}
