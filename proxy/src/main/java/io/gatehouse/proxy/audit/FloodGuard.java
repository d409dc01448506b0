package io.gatehouse.proxy.audit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Keeps a flood of refusals from one source out of the audit log: the first few per source and
 * window are reported one by one, the rest only counted, and each window that had more ends in one
 * summary with the count. Memory is bounded: past {@code maxSources} distinct sources in a window,
 * new ones share one "(many sources)" entry.
 */
public final class FloodGuard {
    static final String MANY = "(many sources)";

    /** What a window suppressed: {@code count} refusals of {@code source} beyond the first few. */
    public record Summary(String source, int count, Duration window) {
    }

    private record Window(long startNanos, int seen) {
    }

    private final int perWindow;
    private final Duration window;
    private final int maxSources;
    private final LongSupplier nanos;
    private final Map<String, Window> windows = new LinkedHashMap<>();

    FloodGuard(int perWindow, Duration window, int maxSources, LongSupplier nanos) {
        this.perWindow = perWindow;
        this.window = window;
        this.maxSources = maxSources;
        this.nanos = nanos;
    }

    /** A guard letting {@code perWindow} refusals per source and minute through one by one. */
    public static FloodGuard perMinute(int perWindow) {
        return new FloodGuard(perWindow, Duration.ofSeconds(60), 10_000, System::nanoTime);
    }

    /** Whether this refusal from {@code source} is reported by itself (else it only counts). */
    public synchronized boolean admit(String source) {
        long now = nanos.getAsLong();
        String key = windows.containsKey(source) || windows.size() < maxSources ? source : MANY;
        Window w = windows.get(key);
        if (w == null || now - w.startNanos() >= window.toNanos()) {
            if (w != null && w.seen() > perWindow) {
                pending.add(new Summary(key, w.seen() - perWindow, window));
            }
            w = new Window(now, 0);
        }
        windows.put(key, new Window(w.startNanos(), w.seen() + 1));
        return w.seen() < perWindow;
    }

    private final List<Summary> pending = new ArrayList<>();

    /** Summaries of every window that has ended, once each; ended windows are forgotten. */
    public synchronized List<Summary> drainEnded() {
        long now = nanos.getAsLong();
        List<Summary> out = new ArrayList<>(pending);
        pending.clear();
        for (Iterator<Map.Entry<String, Window>> it = windows.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (now - e.getValue().startNanos() >= window.toNanos()) {
                if (e.getValue().seen() > perWindow) {
                    out.add(new Summary(e.getKey(), e.getValue().seen() - perWindow, window));
                }
                it.remove();
            }
        }
        return out;
    }

    /** The address part of "/1.2.3.4:5678" or "[::1]:5678", the way sources are keyed. */
    public static String source(String remote) {
        String s = remote == null ? "" : remote.strip();
        int slash = s.indexOf('/');
        if (slash >= 0) {
            s = s.substring(slash + 1); // InetSocketAddress.toString(): "host/1.2.3.4:5678"
        }
        int colon = s.lastIndexOf(':');
        if (colon > 0 && s.indexOf(':') == colon || s.startsWith("[")) {
            s = s.substring(0, colon);
        }
        return s.replace("[", "").replace("]", "");
    }
}
