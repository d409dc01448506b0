package io.gatehouse.auth.login;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AttemptWindowsTest {
    private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");

    @Test
    void attemptsBeyondTheLimitAreRefusedUntilTheWindowEnds() {
        AttemptWindows windows = new AttemptWindows(3, Duration.ofMinutes(1), 100);
        for (int i = 0; i < 3; i++) {
            assertEquals(Optional.empty(), windows.attempt("10.0.0.1", T0.plusSeconds(i)));
        }
        assertEquals(Optional.of(T0.plusSeconds(60)), windows.attempt("10.0.0.1", T0.plusSeconds(10)));
        assertEquals(Optional.empty(), windows.attempt("10.0.0.2", T0.plusSeconds(10)), "other keys are not affected");
        assertEquals(Optional.empty(), windows.attempt("10.0.0.1", T0.plusSeconds(60)), "a new window starts");
    }

    @Test
    void refusedAttemptsDoNotPushTheWindowBack() {
        AttemptWindows windows = new AttemptWindows(1, Duration.ofMinutes(1), 100);
        windows.attempt("k", T0);
        for (int s = 1; s < 60; s += 5) {
            assertEquals(Optional.of(T0.plusSeconds(60)), windows.attempt("k", T0.plusSeconds(s)));
        }
        assertEquals(Optional.empty(), windows.attempt("k", T0.plusSeconds(60)));
    }

    @Test
    void aFloodOfNewKeysStaysWithinCapacityAndForgetsTheQuietestFirst() {
        AttemptWindows windows = new AttemptWindows(2, Duration.ofMinutes(1), 50);
        windows.attempt("hammered", T0);
        windows.attempt("hammered", T0);
        for (int i = 0; i < 10_000; i++) {
            windows.attempt("spoofed-" + i, T0.plusMillis(i));
            // The key under attack keeps being tried, so it is never the eldest and stays limited.
            assertTrue(windows.attempt("hammered", T0.plusMillis(i)).isPresent(), "attempt " + i);
        }
        assertEquals(50, windows.tracked());
    }
}
