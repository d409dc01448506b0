package io.gatehouse.proxy.tunnel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class HandshakeLimitTest {
    private final AtomicLong nanos = new AtomicLong(1_000_000_000_000L);
    private final List<String> warnings = new ArrayList<>();

    @Test
    void admitsUpToTheLimitAndAgainOnceAPermitIsReleased() {
        HandshakeLimit limit = new HandshakeLimit(2, nanos::get, warnings::add);
        var a = limit.tryAdmit().orElseThrow();
        limit.tryAdmit().orElseThrow();
        assertTrue(limit.tryAdmit().isEmpty());
        a.release();
        a.release(); // certified, then closed: one handshake, released once
        assertEquals(1, limit.inProgress());
        limit.tryAdmit().orElseThrow();
        assertTrue(limit.tryAdmit().isEmpty());
    }

    @Test
    void sheddingIsLoggedAtMostEveryTenSecondsWithTheCountSinceTheLastLine() {
        HandshakeLimit limit = new HandshakeLimit(1, nanos::get, warnings::add);
        limit.tryAdmit().orElseThrow();
        for (int i = 0; i < 500; i++) {
            assertTrue(limit.tryAdmit().isEmpty());
            nanos.addAndGet(Duration.ofMillis(10).toNanos());
        }
        // 5 s of turning connections away: the first one is logged, the rest wait for the next line
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).contains("turned away 1 connection"), warnings.get(0));
        nanos.addAndGet(Duration.ofSeconds(6).toNanos());
        assertTrue(limit.tryAdmit().isEmpty());
        assertEquals(2, warnings.size());
        assertTrue(warnings.get(1).contains("turned away 500 connection(s) in the last 11 s"), warnings.get(1));
        assertTrue(warnings.get(1).contains("gatehouse.proxy.tunnel-max-handshakes"), warnings.get(1));
    }

    @Test
    void aLimitBelowOneIsAConfigurationError() {
        var e = assertThrows(IllegalArgumentException.class, () -> new HandshakeLimit(0, nanos::get, warnings::add));
        assertTrue(e.getMessage().contains("tunnel-max-handshakes"));
    }
}
