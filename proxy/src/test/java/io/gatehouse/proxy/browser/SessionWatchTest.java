package io.gatehouse.proxy.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.shared.api.AccessRequestDto;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What ends a browser connection opened under an access request, and what the person is told. */
class SessionWatchTest {

    @Test
    void onlyRequestsNoLongerInForceEndTheirConnections() {
        Instant now = Instant.parse("2026-12-06T14:05:00Z");
        var approved = new AccessRequestDto.StateView("a", "approved", now.plusSeconds(60));
        var approvedButPast = new AccessRequestDto.StateView("b", "approved", now.minusSeconds(1));
        var cancelled = new AccessRequestDto.StateView("c", "cancelled", now.plusSeconds(60));
        var gone = new AccessRequestDto.StateView("d", "unknown", null);
        assertEquals(List.of(approvedButPast, cancelled, gone), AccessRequestWatch.ended(List.of(approved,
                approvedButPast, cancelled, gone), now));
    }

    @Test
    void thePersonIsToldWhichRequestEndedHowAndWhatToDo() {
        String expired = SessionWatch.requestEnded(new AccessRequestDto.StateView("req-1", "expired",
                Instant.parse("2026-12-06T14:05:00Z")), "this terminal");
        assertEquals("your access request req-1 expired at 14:05 UTC: this terminal used its roles and is closed; "
                + "request access again to continue", expired);
        String cancelled = SessionWatch.requestEnded(new AccessRequestDto.StateView("req-2", "cancelled",
                Instant.now().plusSeconds(600)), "this desktop session");
        assertTrue(cancelled.startsWith("your access request req-2 was cancelled (seen at "), cancelled);
        assertTrue(cancelled.endsWith("this desktop session used its roles and is closed; request access again to "
                + "continue"), cancelled);
    }
}
