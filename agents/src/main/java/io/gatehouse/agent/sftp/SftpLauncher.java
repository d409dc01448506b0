package io.gatehouse.agent.sftp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
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
 * mode 0755, nothing in it writable by anyone else) and deletes it at close. Every scp starts
 * one such process, so start-up time counts: on JDK 25+ a scripted session (SftpTraining)
 * records an AOT cache beside the jar, in the background, which halves it.
 */
public final class SftpLauncher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SftpLauncher.class);
    private static final String PACKAGE = SftpMain.class.getPackageName().replace('.', '/') + "/";
    /** Agent-side classes, never needed by the SFTP process. */
    private static final List<String> AGENT_ONLY = List.of("SftpLauncher", "SftpTraining");
    /** A small, quick JVM: C1 only (SFTP waits on the disk and the network, not on the CPU). */
    private static final List<String> JVM_FLAGS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
            "-Xmx64m", "-Xss512k", "-XX:-UsePerfData",
            // Only SFTP packets may reach stdout: the JVM's own messages go to stderr, errors only.
            "-Xlog:disable", "-Xlog:all=error:stderr");

    private final Path dir;
    private final Path jar;
    private final Path cache;
    private final Path java;
    private volatile boolean cacheReady;

    private SftpLauncher(Path dir) {
        this.dir = dir;
        this.jar = dir.resolve("gatehouse-sftp.jar");
        this.cache = dir.resolve("gatehouse-sftp.aot");
        this.java = Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /** Installs into a fresh directory under the system temp directory. */
    public static SftpLauncher install() throws IOException {
        return install(Path.of(System.getProperty("java.io.tmpdir")), true);
    }

    /** @param trainCache whether to record the AOT cache (in the background) */
    static SftpLauncher install(Path parent, boolean trainCache) throws IOException {
        Path dir = Files.createTempDirectory(parent, "gatehouse-sftp-");
        // Not through the creation attribute: the umask would narrow it.
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        SftpLauncher launcher = new SftpLauncher(dir);
        launcher.writeJar();
        launcher.warnIfJavaIsPrivate();
        if (trainCache && Runtime.version().feature() >= 25) {
            Thread.ofPlatform().daemon().name("sftp-aot-cache").start(launcher::trainCache);
        }
        return launcher;
    }

    /** The SFTP process's argv (run it as the login: it serves with the rights of whoever runs it). */
    public List<String> argv() throws IOException {
        if (!Files.isRegularFile(jar)) {
            // Something cleaned the temp directory under a long-running agent: write it again.
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            cacheReady = false;
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

    /** Copies the SFTP classes from wherever the agent's own classes are (a jar, or a classes directory). */
    private void writeJar() throws IOException {
        Path tmp = dir.resolve("gatehouse-sftp.jar.tmp");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(tmp))) {
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
                            && needed(Path.of(e.getName()))).toList()) {
                        try (InputStream in = agentJar.getInputStream(e)) {
                            copy(out, e.getName(), in);
                        }
                    }
                }
            }
        }
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
        Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
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
            Path tmp = dir.resolve("gatehouse-sftp.aot.tmp");
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

    @Override
    public void close() {
        deleteTree(dir);
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
