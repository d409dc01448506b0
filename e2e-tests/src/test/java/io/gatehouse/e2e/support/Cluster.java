package io.gatehouse.e2e.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A cluster started exactly as a newcomer starts one — deploy/quickstart.sh — but in its own
 * state directory, on a free port, against a fresh database, so scenarios never collide.
 */
public final class Cluster implements AutoCloseable {
    public static final Path REPO = Repo.ROOT;

    /**
     * The local login scenarios use on their nodes: an ordinary user with a stock home that
     * deploy/test.sh creates, so no scenario depends on what root's start-up files do.
     */
    public static final String LOGIN = existingLogin(System.getenv().getOrDefault("GATEHOUSE_E2E_LOGIN",
            "gatehouse-e2e"));

    private final TestDatabase db = new TestDatabase();
    /** Agents beat this often in scenarios, so "offline within three beats" takes seconds. */
    public static final Duration HEARTBEAT = Duration.ofSeconds(2);

    private final Path state;
    private final int port;
    private final int webPort;
    private final int sshPort;
    private final int tunnelPort;
    private final int webInternalPort;
    private final String nodeName = "node-" + Long.toString(System.nanoTime() % 100000, 36);
    private final Map<String, String> env = new HashMap<>();
    private final PortMode ports;
    /** The run's shared cluster for its port mode (SharedClusters): no scenario may stop, restart or kill it. */
    private final boolean shared;
    private String lastStartOutput = "";

    /**
     * How the proxy's ports are used. DEFAULT is the quickstart's: the web port routes TLS and says so
     * (gate and agents use it), the SSH and tunnel ports are open too. SEPARATE: the proxy does not
     * advertise TLS routing, so gate and agents use the SSH and tunnel ports. WEB_ONLY: the SSH and
     * tunnel ports are not opened (they listen only on an unadvertised loopback port, so the ports
     * the cluster was given are bound by nothing): everything goes through the web port.
     */
    public enum PortMode {
        DEFAULT, SEPARATE, WEB_ONLY;

        /** WEB_ONLY for a scenario class annotated {@link WebPortOnly}, else {@code otherwise}. */
        public static PortMode of(org.junit.jupiter.api.TestInfo info, PortMode otherwise) {
            return info.getTestClass().filter(c -> c.isAnnotationPresent(WebPortOnly.class)).isPresent() ? WEB_ONLY
                    : otherwise;
        }
    }

    /** A scenario run again with only the proxy's web port reachable (a subclass of the dedicated-port run). */
    @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
    @java.lang.annotation.Target(java.lang.annotation.ElementType.TYPE)
    public @interface WebPortOnly {
    }

    public Cluster() throws IOException {
        this(PortMode.DEFAULT);
    }

    public Cluster(PortMode ports) throws IOException {
        this(ports, false);
    }

    /** The cluster a run shares between the scenarios of one port mode: see {@link SharedCluster}. */
    static Cluster shared(PortMode ports) throws IOException {
        return new Cluster(ports, true);
    }

    private Cluster(PortMode ports, boolean shared) throws IOException {
        this.ports = ports;
        this.shared = shared;
        state = Files.createTempDirectory("gatehouse-e2e");
        port = freePort();
        webPort = freePort();
        sshPort = freePort();
        tunnelPort = freePort();
        env.put("GATEHOUSE_QUICKSTART_DIR", state.toString());
        env.put("GATEHOUSE_AUTH_PORT", Integer.toString(port));
        env.put("GATEHOUSE_PROXY_WEB_PORT", Integer.toString(webPort));
        env.put("GATEHOUSE_PROXY_SSH_PORT", Integer.toString(sshPort));
        env.put("GATEHOUSE_PROXY_TUNNEL_PORT", Integer.toString(tunnelPort));
        webInternalPort = freePort();
        env.put("GATEHOUSE_PROXY_WEB_INTERNAL_PORT", Integer.toString(webInternalPort));
        env.put("GATEHOUSE_PROXY_TLS_ROUTING", Boolean.toString(ports != PortMode.SEPARATE));
        env.put("GATEHOUSE_PROXY_SEPARATE_LISTENERS", Boolean.toString(ports != PortMode.WEB_ONLY));
        env.put("GATEHOUSE_NODE_NAME", nodeName);
        env.put("GATEHOUSE_HEARTBEAT_INTERVAL", HEARTBEAT.toSeconds() + "s");
        env.put("GATEHOUSE_PG_HOST", db.host);
        env.put("GATEHOUSE_PG_PORT", db.port);
        env.put("GATEHOUSE_PG_USER", db.user);
        env.put("GATEHOUSE_PG_DATABASE", db.name);
        env.put("GATEHOUSE_PG_PASSWORD_FILE", db.passwordFile(state).toString());
        if (shared) {
            // Every scenario logs in from 127.0.0.1, one class after another: on one auth they would
            // add up to the per-source limit (20 a minute), which no scenario means to test.
            env.put("GATEHOUSE_AUTH_LOGIN_LIMITS_PER_SOURCE", "1000");
        }
    }

    private static String existingLogin(String login) {
        try {
            if (Files.readAllLines(Path.of("/etc/passwd")).stream().noneMatch(l -> l.startsWith(login + ":"))) {
                throw new IllegalStateException("the e2e login '" + login + "' does not exist on this machine: run "
                        + "the tests with deploy/test.sh, which creates it (or: useradd --create-home " + login + ")");
            }
            return login;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /etc/passwd to find the e2e login: " + e.getMessage(), e);
        }
    }

    public Proc.Result start() {
        Proc.Result r = Proc.run(List.of(REPO.resolve("deploy/quickstart.sh").toString()), env, Duration.ofMinutes(5));
        lastStartOutput = r.all();
        if (r.exit() != 0) {
            throw new AssertionError("deploy/quickstart.sh failed:\n" + r + "\n--- auth log\n" + authLog());
        }
        return r;
    }

    public void stop() {
        refuseIfShared("stop");
        quickstartStop();
    }

    private void quickstartStop() {
        Proc.run(List.of(REPO.resolve("deploy/quickstart.sh").toString(), "stop"), env, Duration.ofMinutes(1));
    }

    public void restart() {
        refuseIfShared("restart");
        stop();
        start();
    }

    private void refuseIfShared(String what) {
        if (shared) {
            throw new IllegalStateException("cannot " + what + " the shared " + ports + " cluster: other scenarios "
                    + "run on it; give this scenario its own (new Cluster(...), not @SharedCluster)");
        }
    }

    public Proc.Result gatectl(String... args) {
        List<String> cmd = new ArrayList<>(List.of(REPO.resolve("bin/gatectl").toString()));
        cmd.addAll(List.of(args));
        Map<String, String> e = new HashMap<>();
        e.put("GATECTL_AUTH", "127.0.0.1:" + port);
        e.put("GATECTL_IDENTITY", adminIdentity().toString());
        return Proc.run(cmd, e, Duration.ofSeconds(60));
    }

    public int port() {
        return port;
    }

    public PortMode ports() {
        return ports;
    }

    public int webPort() {
        return webPort;
    }

    /** The web UI's own listener behind the proxy's TLS router (loopback). */
    public int webInternalPort() {
        return webInternalPort;
    }

    public int sshPort() {
        return sshPort;
    }

    public int tunnelPort() {
        return tunnelPort;
    }

    /** The quickstart's own node (its agent serves SSH for this machine through a tunnel). */
    public String nodeName() {
        return nodeName;
    }

    /** Stops one quickstart process (auth, proxy or agent) the hard way, as a crash would. */
    public void kill(String process) {
        refuseIfShared("kill the " + process + " of");
        Path pid = state.resolve(process + ".pid");
        try {
            long p = Long.parseLong(Files.readString(pid).strip());
            ProcessHandle.of(p).ifPresent(h -> {
                h.destroyForcibly();
                h.onExit().join();
            });
            Files.deleteIfExists(pid);
        } catch (IOException e) {
            throw new AssertionError("no " + process + " pid file: " + e.getMessage());
        }
    }

    /** gate as a user runs it, with its own home (GATE_HOME) and the given standard input. */
    public Proc.Result gate(Path gateHome, String stdin, String... args) {
        List<String> cmd = new ArrayList<>(List.of(REPO.resolve("bin/gate").toString()));
        cmd.addAll(List.of(args));
        return Proc.run(cmd, Map.of("GATE_HOME", gateHome.toString()), stdin, Duration.ofSeconds(120));
    }

    public String log(String process) {
        try {
            return Files.readString(state.resolve(process + ".log"));
        } catch (IOException e) {
            return "(no " + process + " log: " + e.getMessage() + ")";
        }
    }

    private static int freePort() {
        return Ports.free();
    }

    public Path state() {
        return state;
    }

    public Path adminIdentity() {
        return state.resolve("auth/admin.identity");
    }

    public Path proxyIdentity() {
        return state.resolve("auth/proxy.identity");
    }

    public String authLog() {
        try {
            return Files.readString(state.resolve("auth.log"));
        } catch (IOException e) {
            return "(no auth log: " + e.getMessage() + ")";
        }
    }

    public String lastStartOutput() {
        return lastStartOutput;
    }

    /** The token at the end of an invite URL printed by quickstart or gatectl. */
    public static String inviteToken(String text) {
        Matcher m = Pattern.compile("https://\\S+/web/invite/([A-Za-z0-9_-]+)").matcher(text);
        if (!m.find()) {
            throw new AssertionError("no invite link in:\n" + text);
        }
        return m.group(1);
    }

    /**
     * Stops the quickstart and drops the database. A shared cluster ignores it (a scenario's
     * {@code @AfterAll} may still call it): the run closes that one when it ends.
     */
    @Override
    public void close() {
        if (!shared) {
            shutDown();
        }
    }

    /** The end of the cluster, whoever owned it. */
    void shutDown() {
        quickstartStop();
        db.close();
    }
}
