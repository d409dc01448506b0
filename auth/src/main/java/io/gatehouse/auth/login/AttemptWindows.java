package io.gatehouse.auth.login;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * At most {@code limit} attempts per key in each fixed window, for at most {@code capacity} keys:
 * the least recently seen key is forgotten first, so a flood of new keys (spoofed sources, made-up
 * user names) costs bounded memory and cannot push out a key that is being hammered right now.
 * Plain logic with the time passed in; thread-safe (every call holds the object's monitor).
 */
final class AttemptWindows {
    private static final class Window {
        Instant start;
        int count;

        Window(Instant start) {
            this.start = start;
        }
    }

    private final int limit;
    private final Duration window;
    private final Map<String, Window> windows;

    AttemptWindows(int limit, Duration window, int capacity) {
        if (limit < 1 || capacity < 1 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("a rate limit needs a positive limit, window and capacity");
        }
        this.limit = limit;
        this.window = window;
        // Access order: every attempt makes its key the newest, so eviction takes the quietest key.
        this.windows = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Window> eldest) {
                return size() > capacity;
            }
        };
    }

    /**
     * Counts an attempt for {@code key} at {@code now}, or refuses it without counting.
     *
     * @return empty when allowed; otherwise when the key's window ends and attempts are allowed again
     */
    synchronized Optional<Instant> attempt(String key, Instant now) {
        Window w = windows.get(key);
        if (w == null) {
            w = new Window(now);
            windows.put(key, w);
        } else if (!now.isBefore(w.start.plus(window))) {
            w.start = now;
            w.count = 0;
        }
        if (w.count >= limit) {
            return Optional.of(w.start.plus(window));
        }
        w.count++;
        return Optional.empty();
    }

    synchronized int tracked() {
        return windows.size();
    }

    int limit() {
        return limit;
    }
}
