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
    public static final Path REPO = Path.of(System.getProperty("gatehouse.repo", "..")).toAbsolutePath().normalize();

    private final TestDatabase db = new TestDatabase();
    private final Path state;
    private final int port;
    private final Map<String, String> env = new HashMap<>();
    private String lastStartOutput = "";

    public Cluster() throws IOException {
        state = Files.createTempDirectory("gatehouse-e2e");
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        env.put("GATEHOUSE_QUICKSTART_DIR", state.toString());
        env.put("GATEHOUSE_AUTH_PORT", Integer.toString(port));
        env.put("GATEHOUSE_PG_HOST", db.host);
        env.put("GATEHOUSE_PG_PORT", db.port);
        env.put("GATEHOUSE_PG_USER", db.user);
        env.put("GATEHOUSE_PG_DATABASE", db.name);
        env.put("GATEHOUSE_PG_PASSWORD_FILE", db.passwordFile(state).toString());
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
        Proc.run(List.of(REPO.resolve("deploy/quickstart.sh").toString(), "stop"), env, Duration.ofMinutes(1));
    }

    public void restart() {
        stop();
        start();
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

    @Override
    public void close() {
        stop();
        db.close();
    }
}
