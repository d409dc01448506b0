package io.gatehouse.auth.login;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Counts logins refused by the rate limit between two audit summaries, so a flood becomes one
 * audit event per source (or user name) and period instead of one per request. Bounded: beyond
 * {@code capacity} keys, refusals are counted under one "(other)" key; each summary names at most
 * {@link #SAMPLE} user names and sources.
 */
final class ThrottledLogins {
    static final int SAMPLE = 5;
    static final String OTHER = "(other)";

    /** What one summary event says: which limit, whose key, how many refusals, between when. */
    record Summary(String limit, String key, int refused, Instant first, Instant last, List<String> users,
            List<String> sources) {
    }

    private static final class Tally {
        final String limit;
        final Instant first;
        Instant last;
        int refused;
        final Set<String> users = new LinkedHashSet<>();
        final Set<String> sources = new LinkedHashSet<>();

        Tally(String limit, Instant first) {
            this.limit = limit;
            this.first = first;
        }
    }

    private final int capacity;
    private Map<String, Tally> tallies = new LinkedHashMap<>();

    ThrottledLogins(int capacity) {
        this.capacity = capacity;
    }

    synchronized void count(String limit, String key, String user, String source, Instant now) {
        String k = limit + "\u0000" + key;
        if (!tallies.containsKey(k) && tallies.size() >= capacity) {
            limit = OTHER;
            key = OTHER;
            k = OTHER;
        }
        final String l = limit;
        Tally t = tallies.computeIfAbsent(k, x -> new Tally(l, now));
        t.refused++;
        t.last = now;
        if (t.users.size() < SAMPLE) {
            t.users.add(user);
        }
        if (t.sources.size() < SAMPLE) {
            t.sources.add(source);
        }
    }

    /** The summaries since the last call, and a fresh count. */
    synchronized List<Summary> drain() {
        List<Summary> out = new ArrayList<>();
        tallies.forEach((k, t) -> out.add(new Summary(t.limit, k.substring(k.indexOf('\u0000') + 1), t.refused,
                t.first, t.last, List.copyOf(t.users), List.copyOf(t.sources))));
        tallies = new LinkedHashMap<>();
        return out;
    }
}
