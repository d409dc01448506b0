package io.gatehouse.proxy.tunnel;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Admission control for the tunnel port, like OpenSSH's MaxStartups: at most {@code max}
 * connections may be between TCP accept and an accepted host certificate. Beyond that a new
 * connection is turned away before any SSH work is done for it, and its agent retries later with
 * backoff.
 *
 * <p>Why: after a proxy restart every agent dials at once. Taking them all on makes every
 * handshake slow, agents give up on slow handshakes and dial again, and the proxy spends its CPU
 * on key exchanges nobody waits for any more. With a bounded number in progress each admitted
 * handshake finishes quickly, and turning the rest away costs an accept and a close.
 */
final class HandshakeLimit {
    /** How often, at most, shedding is logged. */
    static final Duration LOG_EVERY = Duration.ofSeconds(10);

    private final int max;
    private final LongSupplier nanoTime;
    private final Consumer<String> warn;
    private final AtomicInteger inProgress = new AtomicInteger();
    private final AtomicLong turnedAwaySinceLog = new AtomicLong();
    private final AtomicLong lastLogNanos;

    HandshakeLimit(int max, LongSupplier nanoTime, Consumer<String> warn) {
        if (max < 1) {
            throw new IllegalArgumentException("gatehouse.proxy.tunnel-max-handshakes must be at least 1, not " + max);
        }
        this.max = max;
        this.nanoTime = nanoTime;
        this.warn = warn;
        this.lastLogNanos = new AtomicLong(nanoTime.getAsLong() - LOG_EVERY.toNanos());
    }

    /** A permit for one more handshake, or empty (and counted for the log) when {@code max} are in progress. */
    Optional<Permit> tryAdmit() {
        int n;
        do {
            n = inProgress.get();
            if (n >= max) {
                turnedAway();
                return Optional.empty();
            }
        } while (!inProgress.compareAndSet(n, n + 1));
        return Optional.of(new Permit());
    }

    int inProgress() {
        return inProgress.get();
    }

    private void turnedAway() {
        turnedAwaySinceLog.incrementAndGet();
        long now = nanoTime.getAsLong();
        long last = lastLogNanos.get();
        if (now - last >= LOG_EVERY.toNanos() && lastLogNanos.compareAndSet(last, now)) {
            long n = turnedAwaySinceLog.getAndSet(0);
            warn.accept(String.format("tunnel port busy: turned away %d connection(s) in the last %d s because %d "
                    + "agent handshakes were already in progress (gatehouse.proxy.tunnel-max-handshakes); those agents "
                    + "retry with backoff", n, (now - last) / 1_000_000_000L, max));
        }
    }

    /** One admitted handshake; releasing it more than once (finished, then closed) counts once. */
    final class Permit {
        private final AtomicBoolean released = new AtomicBoolean();

        void release() {
            if (released.compareAndSet(false, true)) {
                inProgress.decrementAndGet();
            }
        }
    }
}
