package io.gatehouse.agent.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.shared.api.AppJwtRequest;
import io.gatehouse.shared.api.AppJwtResponse;
import io.gatehouse.shared.api.client.AuthCallException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AppJwtsTest {
    /** A clock the test moves. */
    private static final class TestClock extends Clock {
        private Instant now = Instant.parse("2030-01-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** Auth as the agent sees it: a new token for each question, valid for {@code lifetime}, or a refusal. */
    private static final class FakeAuth implements AppJwts.Issuer {
        final List<AppJwtRequest> asked = new ArrayList<>();
        final TestClock clock;
        Duration lifetime = Duration.ofMinutes(10);
        String refusal;

        FakeAuth(TestClock clock) {
            this.clock = clock;
        }

        @Override
        public AppJwtResponse appJwt(AppJwtRequest request) {
            asked.add(request);
            if (refusal != null) {
                throw new AuthCallException(403, "access_denied", refusal);
            }
            return new AppJwtResponse("token-" + asked.size(), clock.instant().plus(lifetime));
        }
    }

    private final TestClock clock = new TestClock();
    private final FakeAuth auth = new FakeAuth(clock);
    private final AppJwts jwts = new AppJwts(auth, clock);

    @Test
    void aTokenIsKeptForItsAppAndCertificateUntilAMinuteBeforeItExpires() {
        String first = jwts.token("grafana", "PEM-alice");
        assertEquals(first, jwts.token("grafana", "PEM-alice"));
        assertEquals(1, auth.asked.size());
        assertEquals(new AppJwtRequest("grafana", "PEM-alice"), auth.asked.get(0), "the certificate as received");
        clock.advance(Duration.ofMinutes(9).minusSeconds(1));
        assertEquals(first, jwts.token("grafana", "PEM-alice"));
        clock.advance(Duration.ofSeconds(1));
        assertNotEquals(first, jwts.token("grafana", "PEM-alice"), "in its last minute a token is renewed");
        assertEquals(2, auth.asked.size());
    }

    @Test
    void anotherAppOrAnotherCertificateIsAskedFor() {
        String a = jwts.token("grafana", "PEM-alice");
        String b = jwts.token("wiki", "PEM-alice");
        String c = jwts.token("grafana", "PEM-alice-after-a-new-login");
        assertEquals(3, auth.asked.size());
        assertEquals(3, List.of(a, b, c).stream().distinct().count());
    }

    @Test
    void aRefusalIsNeverKept() {
        auth.refusal = "no role of alice allows the app 'grafana'";
        assertThrows(AuthCallException.class, () -> jwts.token("grafana", "PEM-alice"));
        assertThrows(AuthCallException.class, () -> jwts.token("grafana", "PEM-alice"));
        assertEquals(2, auth.asked.size());
        auth.refusal = null;
        assertTrue(jwts.token("grafana", "PEM-alice").startsWith("token-"));
    }

    @Test
    void aTokenWithLessThanAMinuteLeftIsHandedOutButNotKept() {
        auth.lifetime = Duration.ofSeconds(50);
        jwts.token("grafana", "PEM-short");
        jwts.token("grafana", "PEM-short");
        assertEquals(2, auth.asked.size());
        assertEquals(0, jwts.kept());
    }

    @Test
    void atMostMaxKeptTokensAndTheLeastRecentlyUsedGoFirst() {
        jwts.token("grafana", "PEM-0");
        for (int i = 1; i <= AppJwts.MAX_KEPT; i++) {
            jwts.token("grafana", "PEM-" + i);
            jwts.token("grafana", "PEM-0");
        }
        assertEquals(AppJwts.MAX_KEPT, jwts.kept());
        int asked = auth.asked.size();
        jwts.token("grafana", "PEM-0");
        assertEquals(asked, auth.asked.size(), "the one in use stays");
        jwts.token("grafana", "PEM-1");
        assertEquals(asked + 1, auth.asked.size(), "the least recently used was dropped");
    }

    @Test
    void theAnswerNeverPrintsItsToken() {
        assertFalse(new AppJwtResponse("eyJsecret", Instant.EPOCH).toString().contains("eyJ"));
    }
}
