package io.gatehouse.auth.login;

import java.util.HashMap;
import java.util.Map;

/**
 * How many logins per key are between their rate-limit check and their answer (bcrypt runs in
 * there). Capping it per source keeps a burst from one place to a couple of bcrypts at a time,
 * so it queues behind itself instead of in front of everyone else. Entries exist only while a
 * login is in flight, so memory is bounded by the requests being served.
 */
final class InFlight {
    private final int max;
    private final Map<String, Integer> counts = new HashMap<>();

    InFlight(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("at least one login per source must be allowed at a time");
        }
        this.max = max;
    }

    /** @return true when the caller may go on (and must call {@link #release} once done) */
    synchronized boolean tryAcquire(String key) {
        int now = counts.getOrDefault(key, 0);
        if (now >= max) {
            return false;
        }
        counts.put(key, now + 1);
        return true;
    }

    synchronized void release(String key) {
        counts.computeIfPresent(key, (k, n) -> n <= 1 ? null : n - 1);
    }

    int max() {
        return max;
    }
}
