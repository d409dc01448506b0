package io.gatehouse.shared.tunnel;

import java.time.Duration;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * How long an agent waits before dialling the proxy again after a failed attempt or a lost tunnel.
 *
 * <p>The first {@code quickRetries} waits are short and only slightly jittered (between half and
 * all of base, then of 2 × base), so a dropped connection costs a user about a second. After that
 * each wait is drawn anywhere between base and a ceiling ("full jitter"), and the ceiling is a
 * share of how long the agent has been without a tunnel, capped: it grows with the outage, so
 * thousands of agents that lost the same proxy in the same instant spread out over a window that
 * widens the longer the proxy stays away or keeps turning them away (its tunnel-max-handshakes
 * limit), while an agent whose proxy was away for a few seconds is back a few seconds after it
 * returns (at most that share of the outage later) rather than a whole cap later.
 *
 * <p>Only a tunnel that stayed up for {@code stableAfter} ends the outage: one that drops right
 * after it came up (a proxy that is overloaded or restarting over and over) keeps the agent
 * backing off, from where it was.
 */
public final class Backoff {
    /** The tunnel's policy: the agent's TunnelClient, and bench/tunnel-scale.sh's simulated agents. */
    public static final Policy TUNNEL = new Policy(Duration.ofMillis(500), 2, 0.5, Duration.ofSeconds(30),
            Duration.ofSeconds(30));

    /**
     * base: the first quick wait's ceiling, doubling for each further quick retry, and the shortest
     * wait after them; quickRetries: how many waits stay short; outageShare: the ceiling of a later
     * wait as a share of the time without a tunnel so far; cap: the longest wait; stableAfter: how
     * long a tunnel must stay up to end the outage.
     */
    public record Policy(Duration base, int quickRetries, double outageShare, Duration cap, Duration stableAfter) {
        public Policy {
            if (!base.isPositive() || cap.compareTo(base) < 0 || quickRetries < 0 || quickRetries > 20
                    || !(outageShare > 0)) {
                throw new IllegalArgumentException("backoff needs 0 < base <= cap, 0 <= quickRetries <= 20 and "
                        + "outageShare > 0, not base " + base + ", cap " + cap + ", quickRetries " + quickRetries
                        + ", outageShare " + outageShare);
            }
        }
    }

    private final Policy policy;
    private final DoubleSupplier random;
    private final LongSupplier nanoTime;
    private int failures;
    private long outageStartNanos;

    /** {@code random} returns values in [0, 1) (ThreadLocalRandom::nextDouble); {@code nanoTime} is System::nanoTime. */
    public Backoff(Policy policy, DoubleSupplier random, LongSupplier nanoTime) {
        this.policy = policy;
        this.random = random;
        this.nanoTime = nanoTime;
    }

    /** The wait before the next attempt, after an attempt failed or a tunnel was lost. */
    public Duration next() {
        long now = nanoTime.getAsLong();
        if (failures == 0) {
            outageStartNanos = now;
        }
        int n = failures++;
        long base = policy.base().toMillis();
        long cap = policy.cap().toMillis();
        if (n < policy.quickRetries()) {
            long ceiling = Math.min(cap, base << n);
            return between(ceiling / 2, ceiling);
        }
        long outageMillis = (now - outageStartNanos) / 1_000_000;
        long ceiling = Math.min(cap, Math.max(base << policy.quickRetries(), (long) (outageMillis * policy.outageShare())));
        return between(base, ceiling);
    }

    /**
     * A tunnel that was up for {@code upFor} was lost. If it stayed up long enough the outage is
     * over and the next waits are quick ones again; if not, the agent goes on backing off where it
     * left off (the time the tunnel was up does not count as outage).
     */
    public void lost(Duration upFor) {
        if (upFor.compareTo(policy.stableAfter()) >= 0) {
            failures = 0;
        } else {
            outageStartNanos += upFor.toNanos();
        }
    }

    private Duration between(long lowMillis, long highMillis) {
        long low = Math.min(lowMillis, highMillis);
        return Duration.ofMillis(low + (long) ((highMillis - low) * random.getAsDouble()));
    }
}
