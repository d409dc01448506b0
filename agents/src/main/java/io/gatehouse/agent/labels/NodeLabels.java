package io.gatehouse.agent.labels;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's labels: the static ones from the configuration plus command labels, each refreshed
 * on its own period. The same map feeds the heartbeat (what gate ls and the proxy see) and the
 * node's own RBAC check, so a role's node_labels can match a command label too.
 */
public final class NodeLabels {
    private static final Logger LOG = LoggerFactory.getLogger(NodeLabels.class);
    /** A command gets at most this long (or its period, if shorter); a stuck one must not pile up. */
    static final Duration MAX_RUN = Duration.ofSeconds(30);
    /** Label values are for display and matching, not for logs: keep them short. */
    static final int MAX_VALUE = 256;
    /** How long start-up waits for the first values of all command labels together. */
    static final Duration FIRST_RUN_WAIT = Duration.ofSeconds(5);

    private final Map<String, String> fixed;
    private final List<CommandLabel> commands;
    private final Map<String, String> results = new ConcurrentHashMap<>();

    public NodeLabels(Map<String, String> fixed, List<CommandLabel> commands) {
        this.fixed = Map.copyOf(fixed);
        this.commands = List.copyOf(commands);
    }

    /** Static labels only: for nodes without commands, and tests. */
    public static NodeLabels of(Map<String, String> fixed) {
        return new NodeLabels(fixed, List.of());
    }

    /** Static labels, then every command label that has run at least once. */
    public Map<String, String> current() {
        Map<String, String> all = new LinkedHashMap<>(fixed);
        for (CommandLabel c : commands) {
            String value = results.get(c.name());
            if (value != null) {
                all.put(c.name(), value);
            }
        }
        return all;
    }

    /**
     * Runs every command once now, side by side (so the first heartbeat carries them without
     * start-up waiting for each in turn; a slow one joins a later beat), then each on its period.
     */
    public void start() {
        for (CommandLabel c : commands) {
            Thread.ofVirtual().name("label-" + c.name()).start(() -> {
                refresh(c);
                while (!Thread.currentThread().isInterrupted()) {
                    try {
                        Thread.sleep(c.period().toMillis());
                    } catch (InterruptedException e) {
                        return;
                    }
                    refresh(c);
                }
            });
        }
        long deadline = System.nanoTime() + FIRST_RUN_WAIT.toNanos();
        for (CommandLabel c : commands) {
            while (!results.containsKey(c.name()) && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    void refresh(CommandLabel c) {
        String value = run(c);
        String before = results.put(c.name(), value);
        if (!value.equals(before)) {
            LOG.info("command label {} = {}", c.name(), value);
        }
    }

    /** The command's trimmed output, or what went wrong (a label still shows that it failed). */
    static String run(CommandLabel c) {
        Duration limit = c.period().compareTo(MAX_RUN) < 0 ? c.period() : MAX_RUN;
        Process p;
        try {
            p = new ProcessBuilder(c.command()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            p.getOutputStream().close();
        } catch (IOException e) {
            return "error: cannot run " + c.command().getFirst();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Thread reader = Thread.ofVirtual().start(() -> {
            byte[] buf = new byte[1024];
            try (InputStream in = p.getInputStream()) {
                for (int n; (n = in.read(buf)) > 0; ) {
                    synchronized (out) {
                        if (out.size() < 4096) {
                            out.write(buf, 0, n);
                        }
                    }
                }
            } catch (IOException ignored) {
                // the process was killed: what it printed so far is all there is
            }
        });
        try {
            if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                return "error: timed out after " + limit.toSeconds() + "s";
            }
            reader.join(1000);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            return "error: interrupted";
        }
        if (p.exitValue() != 0) {
            return "error: exit status " + p.exitValue();
        }
        synchronized (out) {
            return clean(out.toString(StandardCharsets.UTF_8));
        }
    }

    /** Trimmed, control characters replaced (a label is shown in terminals), and capped. */
    static String clean(String out) {
        String s = out.strip().replaceAll("\\p{Cntrl}", " ");
        return s.length() <= MAX_VALUE ? s : s.substring(0, MAX_VALUE);
    }
}
