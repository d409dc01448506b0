package io.gatehouse.proxy.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class FloodGuardTest {
    private final AtomicLong now = new AtomicLong();
    private final FloodGuard guard = new FloodGuard(3, Duration.ofSeconds(60), 2, now::get);

    @Test
    void aFloodFromOneSourceIsReportedAFewTimesThenAsOneSummaryWithItsCount() {
        int reported = 0;
        for (int i = 0; i < 1000; i++) {
            reported += guard.admit("203.0.113.9") ? 1 : 0;
        }
        assertEquals(3, reported);
        assertTrue(guard.drainEnded().isEmpty(), "the window is still open");
        now.addAndGet(Duration.ofSeconds(61).toNanos());
        assertEquals(List.of(new FloodGuard.Summary("203.0.113.9", 997, Duration.ofSeconds(60))), guard.drainEnded());
        assertTrue(guard.drainEnded().isEmpty(), "each summary once");
        assertTrue(guard.admit("203.0.113.9"), "a new window reports again");
    }

    @Test
    void otherSourcesAreUnaffectedAndManySourcesShareOneEntry() {
        for (int i = 0; i < 50; i++) {
            guard.admit("198.51.100.1");
        }
        assertTrue(guard.admit("198.51.100.2"), "another source is reported");
        for (int i = 0; i < 100; i++) {
            guard.admit("192.0.2." + i); // beyond maxSources: all share "(many sources)"
        }
        now.addAndGet(Duration.ofSeconds(61).toNanos());
        var summaries = guard.drainEnded();
        assertTrue(summaries.contains(new FloodGuard.Summary("198.51.100.1", 47, Duration.ofSeconds(60))), summaries
                .toString());
        assertTrue(summaries.contains(new FloodGuard.Summary(FloodGuard.MANY, 97, Duration.ofSeconds(60))), summaries
                .toString());
    }

    @Test
    void sourcesAreKeyedByAddressWithoutPort() {
        assertEquals("127.0.0.1", FloodGuard.source("/127.0.0.1:50512"));
        assertEquals("127.0.0.1", FloodGuard.source("localhost/127.0.0.1:50512"));
        assertEquals("::1", FloodGuard.source("[::1]:50512"));
        assertEquals("10.0.0.1", FloodGuard.source("10.0.0.1"));
    }
}
