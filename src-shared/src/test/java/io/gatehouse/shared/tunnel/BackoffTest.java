package io.gatehouse.shared.tunnel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class BackoffTest {
    private static final Backoff.Policy POLICY = new Backoff.Policy(Duration.ofMillis(500), 2, 0.5,
            Duration.ofSeconds(30), Duration.ofSeconds(30));

    /** A clock the test moves: each wait is "slept" by advancing it. */
    private final AtomicLong nanos = new AtomicLong();

    private Duration waitAndSleep(Backoff b) {
        Duration d = b.next();
        nanos.addAndGet(d.toNanos());
        return d;
    }

    @Test
    void theFirstRetriesAreQuickThenTheCeilingGrowsWithTheOutageUpToTheCap() {
        Backoff b = new Backoff(POLICY, () -> 0.999_999, nanos::get);
        assertEquals(500, waitAndSleep(b).toMillis(), 1);
        assertEquals(1000, waitAndSleep(b).toMillis(), 1);
        // 1.5 s into the outage: half of it is less than where the quick retries ended (2 s)
        assertEquals(2000, waitAndSleep(b).toMillis(), 1);
        nanos.addAndGet(Duration.ofSeconds(16).toNanos() - nanos.get()); // 16 s without a tunnel
        assertEquals(8000, waitAndSleep(b).toMillis(), 1);
        nanos.addAndGet(Duration.ofMinutes(5).toNanos());
        assertEquals(30_000, waitAndSleep(b).toMillis(), 1);
    }

    @Test
    void quickRetriesWaitBetweenHalfAndAllOfTheirCeilingAndLaterOnesAnywhereAboveBase() {
        var random = new SplittableRandom(7);
        for (int run = 0; run < 200; run++) {
            nanos.set(0);
            Backoff b = new Backoff(POLICY, random::nextDouble, nanos::get);
            long first = waitAndSleep(b).toMillis();
            long second = waitAndSleep(b).toMillis();
            assertTrue(first >= 250 && first <= 500, "first wait " + first);
            assertTrue(second >= 500 && second <= 1000, "second wait " + second);
            for (int i = 0; i < 30; i++) {
                long outage = nanos.get() / 1_000_000;
                long ceiling = Math.min(30_000, Math.max(2000, outage / 2));
                long wait = waitAndSleep(b).toMillis();
                assertTrue(wait >= 500 && wait <= ceiling, "wait " + wait + " after " + outage + " ms, ceiling "
                        + ceiling);
            }
        }
    }

    @Test
    void anAgentIsBackWithinHalfTheOutageAfterItsProxyReturns() {
        var random = new SplittableRandom(11);
        for (long outageSeconds : new long[] {3, 8, 20, 50}) {
            for (int run = 0; run < 500; run++) {
                nanos.set(0);
                Backoff b = new Backoff(POLICY, random::nextDouble, nanos::get);
                long proxyBack = Duration.ofSeconds(outageSeconds).toNanos();
                while (nanos.get() < proxyBack) {
                    waitAndSleep(b); // each attempt before the proxy is back fails
                }
                long late = (nanos.get() - proxyBack) / 1_000_000;
                assertTrue(late <= Math.max(2000, outageSeconds * 1000 / 2), "back " + late + " ms after a "
                        + outageSeconds + " s outage");
            }
        }
    }

    @Test
    void aFleetThatLostItsProxyTogetherSpreadsOut() {
        var random = new SplittableRandom(3);
        int agents = 5000;
        int[] attemptsPerSecond = new int[120];
        for (int a = 0; a < agents; a++) {
            nanos.set(0);
            Backoff b = new Backoff(POLICY, random::nextDouble, nanos::get);
            for (long t = waitAndSleep(b).toNanos(); t < Duration.ofSeconds(attemptsPerSecond.length).toNanos();
                    t += waitAndSleep(b).toNanos()) {
                attemptsPerSecond[(int) (t / 1_000_000_000L)]++;
            }
        }
        // A minute into the outage every agent waits up to 30 s: about 5000 / 15 s attempts a second.
        for (int s = 60; s < attemptsPerSecond.length; s++) {
            assertTrue(attemptsPerSecond[s] < agents / 8, "second " + s + ": " + attemptsPerSecond[s] + " attempts");
        }
    }

    @Test
    void onlyATunnelThatStayedUpEndsTheOutage() {
        Backoff b = new Backoff(POLICY, () -> 0.999_999, nanos::get);
        for (int i = 0; i < 3; i++) {
            waitAndSleep(b);
        }
        nanos.set(Duration.ofSeconds(20).toNanos()); // 20 s without a tunnel
        nanos.addAndGet(Duration.ofSeconds(5).toNanos());
        b.lost(Duration.ofSeconds(5)); // then up for 5 s and lost: no quick retry, the outage goes on
        assertEquals(10_000, waitAndSleep(b).toMillis(), 10); // half of the 20 s spent without a tunnel
        nanos.addAndGet(Duration.ofMinutes(10).toNanos());
        b.lost(Duration.ofMinutes(10));
        assertEquals(500, waitAndSleep(b).toMillis(), 1);
        assertEquals(1000, waitAndSleep(b).toMillis(), 1);
    }

    @Test
    void aPolicyWithACapBelowItsBaseIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Backoff.Policy(Duration.ofSeconds(5), 2, 0.5,
                Duration.ofSeconds(1), Duration.ofSeconds(30)));
    }
}
