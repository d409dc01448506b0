package io.gatehouse.agent.sftp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the node's SSH service starts the SFTP process (SftpMain) as a login, the way Teleport
 * re-executes itself: the agent's own java, and a jar of the SFTP classes that any login can
 * read. The agent's jar may sit where logins cannot read it (under /root, a private checkout),
 * so at start the agent writes that jar into a directory of its own (owned by the agent's user,
 * mode 0755, nothing in it writable by anyone else), kept for the next start. Every scp starts
 * one such process, so start-up time counts: on JDK 25+ a scripted session (SftpTraining)
 * records an AOT cache beside the jar, in the background, which halves it.
 */
public final class SftpLauncher {
    private static final Logger LOG = LoggerFactory.getLogger(SftpLauncher.class);
    private static final String PACKAGE = SftpMain.class.getPackageName().replace('.', '/') + "/";
    /** Agent-side classes, never needed by the SFTP process. */
    private static final List<String> AGENT_ONLY = List.of("SftpLauncher", "SftpTraining");
    /** A small, quick JVM: C1 only (SFTP waits on the disk and the network, not on the CPU). */
    private static final List<String> JVM_FLAGS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
            "-Xmx64m", "-Xss512k", "-XX:-UsePerfData",
            // The JVM would look for these two in its working directory, the login's home.
            "-XX:Flags=/dev/null", "-XX:CompileCommandFile=/dev/null",
            // Only SFTP packets may reach stdout: the JVM's own messages go to stderr, errors only.
            "-Xlog:disable", "-Xlog:all=error:stderr");

    private static final String JAR = "gatehouse-sftp.jar";
    private static final String CACHE = "gatehouse-sftp.aot";

    private final Path dir;
    private final Path jar;
    private final Path cache;
    private final Path java;
    private final byte[] jarBytes;
    private volatile boolean cacheReady;

    private SftpLauncher(Path dir, byte[] jarBytes) {
        this.dir = dir;
        this.jar = dir.resolve(JAR);
        this.cache = dir.resolve(CACHE);
        this.java = Path.of(System.getProperty("java.home"), "bin", "java");
        this.jarBytes = jarBytes;
    }

    /** Installs under the system temp directory. */
    public static SftpLauncher install() throws IOException {
        return install(Path.of(System.getProperty("java.io.tmpdir")), true);
    }

    /**
     * Installs into {@code parent}/gatehouse-sftp-USER-HASH, the hash naming the SFTP classes and the
     * JDK: agents of one build on one host share it, and its cache survives restarts (an agent killed
     * hard leaves nothing new behind). A directory of that name that is not the agent user's own, or
     * that others may write to, is never used (/tmp is everyone's): then a fresh random one is.
     *
     * @param trainCache whether to record the AOT cache (in the background) when there is none yet
     */
    static SftpLauncher install(Path parent, boolean trainCache) throws IOException {
        byte[] jarBytes = jarBytes();
        String name = "gatehouse-sftp-" + System.getProperty("user.name").replaceAll("[^A-Za-z0-9_.-]", "_") + "-"
                + fingerprint(jarBytes);
        Path dir = parent.resolve(name);
        if (!claim(dir)) {
            LOG.warn("{} exists but is not this agent's own directory (owner or mode); using a fresh one", dir);
            dir = Files.createTempDirectory(parent, name + "-");
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        SftpLauncher launcher = new SftpLauncher(dir, jarBytes);
        launcher.writeJar();
        launcher.warnIfJavaIsPrivate();
        launcher.cacheReady = Files.isRegularFile(launcher.cache);
        if (trainCache && !launcher.cacheReady && Runtime.version().feature() >= 25) {
            Thread.ofPlatform().daemon().name("sftp-aot-cache").start(launcher::trainCache);
        }
        return launcher;
    }

    /**
     * Creates {@code dir} (mode 0755), or accepts it if it already is a real directory owned by this
     * process's user that nobody else may write to. @return false when it is someone else's
     */
    private static boolean claim(Path dir) throws IOException {
        try {
            Files.createDirectory(dir);
            // Not through the creation attribute: the umask would narrow it.
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            return true;
        } catch (java.nio.file.FileAlreadyExistsException e) {
            Map<String, Object> a = Files.readAttributes(dir, "unix:uid,mode,isDirectory", LinkOption.NOFOLLOW_LINKS);
            int me = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            return Boolean.TRUE.equals(a.get("isDirectory")) && (Integer) a.get("uid") == me
                    && ((Integer) a.get("mode") & 022) == 0;
        }
    }

    /** The SFTP process's argv (run it as the login: it serves with the rights of whoever runs it). */
    public List<String> argv() throws IOException {
        if (!Files.isRegularFile(jar)) {
            // Something cleaned the temp directory under a long-running agent: write it again.
            if (!claim(dir)) {
                throw new IOException(dir + " was replaced by a directory that is not the agent's own; restart "
                        + "the agent");
            }
            writeJar();
        }
        return argv(cacheReady && Files.isRegularFile(cache) ? List.of("-XX:AOTCache=" + cache) : List.of());
    }

    private List<String> argv(List<String> extra) {
        List<String> argv = new ArrayList<>();
        argv.add(java.toString());
        argv.addAll(JVM_FLAGS);
        argv.addAll(extra);
        argv.addAll(List.of("-cp", jar.toString(), SftpMain.class.getName()));
        return argv;
    }

    Path directory() {
        return dir;
    }

    boolean cacheReady() {
        return cacheReady;
    }

    /**
     * Writes the jar unless the same bytes are already there. Its time stamp is fixed: the AOT cache
     * checks the jar's size and time, and an identical jar rewritten by another agent must not
     * invalidate it.
     */
    private void writeJar() throws IOException {
        if (Files.isRegularFile(jar, LinkOption.NOFOLLOW_LINKS) && Arrays.equals(Files.readAllBytes(jar), jarBytes)) {
            return;
        }
        Path tmp = Files.createTempFile(dir, JAR, ".tmp");
        Files.write(tmp, jarBytes);
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
        Files.setLastModifiedTime(tmp, FileTime.fromMillis(0));
        Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Files.deleteIfExists(cache); // recorded for other classes
        cacheReady = false;
    }

    /** The SFTP classes, copied from wherever the agent's own classes are (a jar, or a classes directory). */
    private static byte[] jarBytes() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream out = new JarOutputStream(bytes)) {
            Path source = codeSource();
            if (Files.isDirectory(source)) {
                try (Stream<Path> classes = Files.list(source.resolve(PACKAGE))) {
                    for (Path c : classes.filter(SftpLauncher::needed).sorted().toList()) {
                        try (InputStream in = Files.newInputStream(c)) {
                            copy(out, PACKAGE + c.getFileName(), in);
                        }
                    }
                }
            } else {
                try (JarFile agentJar = new JarFile(source.toFile())) {
                    for (JarEntry e : agentJar.stream().filter(e -> e.getName().startsWith(PACKAGE)
                            && !e.getName().substring(PACKAGE.length()).contains("/")
                            && needed(Path.of(e.getName()))).sorted(Comparator.comparing(JarEntry::getName)).toList()) {
                        try (InputStream in = agentJar.getInputStream(e)) {
                            copy(out, e.getName(), in);
                        }
                    }
                }
            }
        }
        return bytes.toByteArray();
    }

    /** Names the classes and the JDK that will run them (an AOT cache is only good for one JDK). */
    private static String fingerprint(byte[] jarBytes) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(jarBytes);
            sha.update((System.getProperty("java.home") + "\0" + Runtime.version()).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static boolean needed(Path classFile) {
        String name = classFile.getFileName().toString();
        return name.endsWith(".class") && AGENT_ONLY.stream().noneMatch(name::startsWith);
    }

    private static void copy(JarOutputStream out, String name, InputStream in) throws IOException {
        JarEntry entry = new JarEntry(name);
        entry.setTime(0);
        out.putNextEntry(entry);
        in.transferTo(out);
        out.closeEntry();
    }

    private static Path codeSource() throws IOException {
        try {
            return Path.of(SftpMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IOException("cannot find the agent's own classes to copy the SFTP server from", e);
        }
    }

    /** A JDK only root can reach (unpacked under /root, say) would fail every other login's SFTP. */
    private void warnIfJavaIsPrivate() {
        for (Path p = java; p != null; p = p.getParent()) {
            try {
                if (!Files.getPosixFilePermissions(p).contains(PosixFilePermission.OTHERS_EXECUTE)) {
                    LOG.warn("SFTP and scp will fail for logins other than the agent's own user: {} is not "
                            + "reachable by other users ({}); run the agent with a JDK installed system-wide", java, p);
                    return;
                }
            } catch (IOException | UnsupportedOperationException e) {
                return;
            }
        }
    }

    /** Runs the scripted session once with -XX:AOTCacheOutput; the cache is used once it exists. */
    private void trainCache() {
        Path scratch = null;
        try {
            scratch = Files.createTempDirectory(dir, "training-");
            Path tmp = dir.resolve(CACHE + "." + ProcessHandle.current().pid() + ".tmp");
            Process p = new ProcessBuilder(argv(List.of("-XX:AOTCacheOutput=" + tmp))).directory(scratch.toFile())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectErrorStream(true).start();
            try (OutputStream in = p.getOutputStream()) {
                in.write(SftpTraining.session());
            }
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                LOG.info("SFTP start-up cache not recorded in 120 s; SFTP works without it");
                return;
            }
            if (p.exitValue() == 0 && Files.isRegularFile(tmp)) {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
                Files.move(tmp, cache, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                cacheReady = true;
            } else {
                LOG.info("SFTP start-up cache not recorded (exit {}); SFTP works without it", p.exitValue());
            }
        } catch (IOException e) {
            LOG.info("SFTP start-up cache not recorded ({}); SFTP works without it", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (scratch != null) {
                deleteTree(scratch);
            }
        }
    }

    private static void deleteTree(Path root) {
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException ignored) {
            // a temp directory left behind is harmless; the next start makes a new one
        }
    }
}
