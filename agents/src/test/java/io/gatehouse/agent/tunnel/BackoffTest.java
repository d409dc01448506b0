package io.gatehouse.agent.tunnel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

class BackoffTest {
    @Test
    void doublesUpToTheCapThenStaysThereAndResets() {
        Backoff b = new Backoff(Duration.ofMillis(250), Duration.ofSeconds(5), () -> 1.0);
        long[] waits = new long[8];
        for (int i = 0; i < waits.length; i++) {
            waits[i] = b.next().toMillis();
        }
        assertEquals(250, waits[0]);
        assertEquals(500, waits[1]);
        assertEquals(4000, waits[4]);
        assertEquals(5000, waits[5]);
        assertEquals(5000, waits[7]);
        b.reset();
        assertEquals(250, b.next().toMillis());
    }

    @Test
    void jitterKeepsEachWaitBetweenHalfAndAllOfItsCeiling() {
        Backoff b = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(8), ThreadLocalRandom.current()::nextDouble);
        for (int i = 0; i < 200; i++) {
            long ceiling = Math.min(8000, 1000L << Math.min(i, 20));
            long wait = b.next().toMillis();
            assertTrue(wait >= ceiling / 2 && wait <= ceiling, "attempt " + i + " waited " + wait);
        }
    }
}
