package io.gatehouse.agent.tunnel;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Capped exponential backoff with jitter: attempt n waits between half and all of
 * min(cap, base * 2^n). The random half spreads thousands of agents that lost the same proxy at
 * the same instant, so they do not all come back in the same millisecond.
 */
public final class Backoff {
    private final Duration base;
    private final Duration cap;
    private final DoubleSupplier random;
    private int attempt;

    public Backoff(Duration base, Duration cap, DoubleSupplier random) {
        this.base = base;
        this.cap = cap;
        this.random = random;
    }

    public Duration next() {
        long ceiling = Math.min(cap.toMillis(), base.toMillis() << Math.min(attempt, 20));
        attempt++;
        return Duration.ofMillis((long) (ceiling * (0.5 + random.getAsDouble() / 2)));
    }

    public void reset() {
        attempt = 0;
    }
}
