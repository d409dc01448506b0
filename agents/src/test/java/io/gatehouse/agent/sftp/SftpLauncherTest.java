package io.gatehouse.agent.sftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SFTP process as the agent starts it, driven by OpenSSH's own sftp client (sftp -D: no SSH in between). */
class SftpLauncherTest {
    @TempDir
    Path dir;

    @Test
    void theInstalledJarHoldsOnlyTheSftpProcessAndOnlyItsOwnerMayChangeIt() throws Exception {
        SftpLauncher launcher = SftpLauncher.install(dir, false);
        Path installed = launcher.directory();
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(installed)));
        Path jar = installed.resolve("gatehouse-sftp.jar");
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(jar)));
        try (JarFile j = new JarFile(jar.toFile())) {
            List<String> names = j.stream().map(e -> e.getName()).toList();
            assertTrue(names.contains("io/gatehouse/agent/sftp/SftpMain.class"), names.toString());
            assertTrue(names.stream().allMatch(n -> n.startsWith("io/gatehouse/agent/sftp/Sftp")), names.toString());
            assertFalse(names.stream().anyMatch(n -> n.contains("Launcher") || n.contains("Training")),
                    names.toString());
        }
    }

    @Test
    void aRestartReusesItsDirectoryButNeverOneSomeoneElseCouldWrite() throws Exception {
        Path first = SftpLauncher.install(dir, false).directory();
        Path jar = first.resolve("gatehouse-sftp.jar");
        var stamp = Files.getLastModifiedTime(jar);
        SftpLauncher again = SftpLauncher.install(dir, false);
        assertEquals(first, again.directory(), "same classes, same JDK: same directory");
        assertEquals(stamp, Files.getLastModifiedTime(jar), "an identical jar is left alone (its cache stays valid)");
        // Someone made it writable by all (or planted it in /tmp before the agent started).
        Files.setPosixFilePermissions(first, PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.writeString(jar, "planted");
        SftpLauncher wary = SftpLauncher.install(dir, false);
        assertFalse(first.equals(wary.directory()), wary.directory().toString());
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(wary.directory())));
        assertTrue(wary.argv().contains(wary.directory().resolve("gatehouse-sftp.jar").toString()));
        roundTrip(wary.argv());
    }

    @Test
    void opensshSftpPutsAndGetsThroughTheProcess() throws Exception {
        SftpLauncher launcher = SftpLauncher.install(dir, false);
        roundTrip(launcher.argv());
    }

    @Test
    void theStartUpCacheIsRecordedAndUsedWithoutNoise() throws Exception {
        assumeTrue(Runtime.version().feature() >= 25, "AOT caches need JDK 25");
        SftpLauncher launcher = SftpLauncher.install(dir, true);
        for (int i = 0; i < 600 && !launcher.cacheReady(); i++) {
            Thread.sleep(200);
        }
        assertTrue(launcher.cacheReady(), "cache recorded within 120 s");
        assertTrue(launcher.argv().stream().anyMatch(a -> a.startsWith("-XX:AOTCache=")), launcher.argv().toString());
        // A login's home may hold files the JVM looks for in its working directory: ignored, silently.
        Files.writeString(dir.resolve(".hotspotrc"), "+PrintVMOptions\n");
        Files.writeString(dir.resolve(".hotspot_compiler"), "exclude java/lang/String length\n");
        Result r = roundTrip(launcher.argv());
        assertEquals("", r.err().replaceAll("(?m)^sftp> .*\n", ""), r.err());
    }

    @Test
    void asAnotherLoginTheProcessHasThatLoginsRightsOnly() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root to drop to another login");
        // The system temp directory, as the agent uses: this test's own @TempDir is private to root.
        SftpLauncher launcher = SftpLauncher.install();
        List<String> argv = new ArrayList<>(List.of("/usr/sbin/runuser", "-u", "nobody", "--"));
        argv.addAll(launcher.argv());
        Path batch = dir.resolve("batch");
        Path local = dir.resolve("local.txt");
        Files.writeString(local, "x\n");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(local, PosixFilePermissions.fromString("rw-r--r--"));
        Files.writeString(batch, "-put " + local + " /root/gh-sftp-nobody-" + ProcessHandle.current().pid()
                + "\n-get /etc/shadow " + dir.resolve("shadow") + "\n");
        Result r = sftp(argv, batch);
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.err().contains("Permission denied"), r.toString());
        assertFalse(Files.exists(Path.of("/root/gh-sftp-nobody-" + ProcessHandle.current().pid())));
        assertFalse(Files.exists(dir.resolve("shadow")));
    }

    private Result roundTrip(List<String> argv) throws Exception {
        byte[] data = new byte[3 * 1024 * 1024 + 17];
        new SecureRandom().nextBytes(data);
        Path local = dir.resolve("up.bin");
        Files.write(local, data);
        Path remote = dir.resolve("remote dir with 'quotes' & $(x)");
        Path back = dir.resolve("back.bin");
        Path batch = dir.resolve("batch");
        Files.writeString(batch, String.join("\n", "mkdir \"" + remote + "\"", "put " + local + " \"" + remote
                + "/f.bin\"", "rename \"" + remote + "/f.bin\" \"" + remote + "/g.bin\"", "get \"" + remote
                + "/g.bin\" " + back, "ls -l \"" + remote + "\"", "rm \"" + remote + "/g.bin\"", "rmdir \"" + remote
                + "\"", ""));
        Result r = sftp(argv, batch);
        assertEquals(0, r.exit(), r.toString());
        assertTrue(MessageDigest.isEqual(sha256(data), sha256(Files.readAllBytes(back))), "intact");
        assertTrue(r.out().contains(" g.bin"), r.out());
        assertFalse(Files.exists(remote));
        return r;
    }

    record Result(int exit, String out, String err) {
    }

    private Result sftp(List<String> server, Path batch) throws IOException, InterruptedException {
        // sftp -D splits its argument at spaces: the launcher's paths have none.
        Process p = new ProcessBuilder("sftp", "-D", String.join(" ", server), "-b", batch.toString())
                .directory(dir.toFile()).start();
        p.getOutputStream().close();
        var out = p.getInputStream();
        var err = p.getErrorStream();
        byte[][] got = new byte[2][];
        Thread t = Thread.ofVirtual().start(() -> {
            try {
                got[1] = err.readAllBytes();
            } catch (IOException e) {
                got[1] = new byte[0];
            }
        });
        got[0] = out.readAllBytes();
        t.join();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return new Result(p.exitValue(), new String(got[0], StandardCharsets.UTF_8),
                new String(got[1], StandardCharsets.UTF_8));
    }

    private static byte[] sha256(byte[] b) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(b);
    }
}
