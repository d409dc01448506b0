package io.gatehouse.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import io.gatehouse.auth.credentials.PasswordHasher;
import io.gatehouse.auth.login.LoginRateLimit;
import io.gatehouse.auth.testing.AuthClient;
import io.gatehouse.auth.testing.PostgresTestResource;
import io.gatehouse.auth.testing.TestCluster;
import io.gatehouse.shared.api.AuditEventDto;
import io.gatehouse.shared.api.AuditPage;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** A password-guessing flood is refused before bcrypt, so everyone else can still log in. */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
class LoginFloodsAreRateLimitedTest {
    @Inject
    LoginRateLimit limits;
    @Inject
    PasswordHasher hasher;

    @Test
    void aHundredRapidAttemptsFromOneSourceAreCutOffAndAnotherUserStillLogsInQuickly() throws Exception {
        var olga = TestCluster.signUp("olga", List.of("access"), List.of("olga"));
        var oskar = TestCluster.signUp("oskar", List.of("access"), List.of("oskar"));
        limits.auditRefusals().await().indefinitely(); // start the audit tally from zero
        // How long a login takes on this (shared, busy) machine right now, without a flood.
        TestCluster.awayFromStepEnd();
        long b0 = System.nanoTime();
        assertEquals(200, TestCluster.proxy().postJson("/v1/login", LoginRefusalsRevealNothingTest.login("oskar",
                TestCluster.PASSWORD, oskar.code(TestCluster.currentStep()))).status());
        long baselineMillis = (System.nanoTime() - b0) / 1_000_000;
        AuthClient attacker = TestCluster.proxyFor("203.0.113.66");
        List<AuthClient.Reply> replies = new ArrayList<>();
        long olgaMillis;
        int olgaStatus;
        Instant floodStart = Instant.now();
        long bcryptsBefore = hasher.checksSoFar();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<AuthClient.Reply>> flood = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                String name = "victim-" + (i % 7);
                String password = "guess number " + i;
                flood.add(pool.submit(() -> attacker.postJson("/v1/login", LoginRefusalsRevealNothingTest.login(
                        name, password, "123456"))));
            }
            // While the flood runs, a real user elsewhere logs in.
            TestCluster.awayFromStepEnd();
            long t0 = System.nanoTime();
            olgaStatus = TestCluster.proxyFor("198.51.100.20").postJson("/v1/login", LoginRefusalsRevealNothingTest
                    .login("olga", TestCluster.PASSWORD, olga.code(TestCluster.currentStep()))).status();
            olgaMillis = (System.nanoTime() - t0) / 1_000_000;
            for (var f : flood) {
                replies.add(f.get());
            }
        }
        long bcrypts = hasher.checksSoFar() - bcryptsBefore;
        // Timing on a shared machine is noise, so the bound is loose; the bcrypt count below is exact.
        assertEquals(200, olgaStatus);
        assertTrue(olgaMillis < Math.max(10 * baselineMillis, 5000), "olga waited " + olgaMillis
                + " ms behind the flood; a login takes " + baselineMillis + " ms without one");

        long refused = replies.stream().filter(r -> r.status() == 429).count();
        long checked = replies.stream().filter(r -> r.status() == 401).count();
        assertTrue(checked <= 20, "at most 20 a minute reach the password check: " + checked);
        assertEquals(100, checked + refused);
        assertEquals(checked + 1, bcrypts, "one bcrypt per checked attempt (and olga's), none for the 429s");
        AuthClient.Reply limited = replies.stream().filter(r -> r.status() == 429).findFirst().orElseThrow();
        assertEquals("rate_limited", limited.errorCode());
        AuthClient.Reply overLimit = replies.stream().filter(r -> r.errorMessage().contains("too many"))
                .findFirst().orElseThrow();
        assertTrue(overLimit.errorMessage().contains("203.0.113.66") && overLimit.errorMessage().contains("wait"),
                overLimit.errorMessage());
        long retryAfter = Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(retryAfter >= 1 && retryAfter <= 61, "Retry-After " + retryAfter);
        Instant retryAt = Instant.parse(overLimit.body().path("error").path("retry_at").asText());
        assertTrue(retryAt.isAfter(floodStart.plusSeconds(59)) && retryAt.isBefore(Instant.now().plusSeconds(61)),
                "the window that started with the flood ends a minute later: " + retryAt);

        // A summary with a count instead of an event per refusal: at most one per minute's audit
        // tick (the scheduled one may have run during the flood) and this explicit one.
        limits.auditRefusals().await().indefinitely();
        List<AuditEventDto> summaries = throttledEvents().stream()
                .filter(e -> "203.0.113.66".equals(e.fields().get("key"))).toList();
        assertTrue(summaries.size() >= 1 && summaries.size() <= 2, summaries.toString());
        assertEquals(refused, summaries.stream().mapToLong(e -> ((Number) e.fields().get("refused")).longValue())
                .sum());
        assertTrue(summaries.stream().allMatch(e -> "source".equals(e.fields().get("limit"))), summaries.toString());
    }

    @Test
    void refusedAttemptsCostNoBcrypt() throws Exception {
        AuthClient attacker = TestCluster.proxyFor("203.0.113.77");
        for (int i = 0; i < 20; i++) {
            attacker.postJson("/v1/login", LoginRefusalsRevealNothingTest.login("nobody-" + i, "guess " + i, "1"));
        }
        long before = hasher.checksSoFar();
        for (int i = 0; i < 40; i++) {
            var r = attacker.postJson("/v1/login", LoginRefusalsRevealNothingTest.login("nobody-" + i, "guess", "1"));
            assertEquals(429, r.status(), r.body().toString());
        }
        assertEquals(before, hasher.checksSoFar(), "a refused attempt must not run bcrypt");
    }

    @Test
    void oneUserNameIsLimitedAcrossSourcesAndUnknownNamesAlike() throws Exception {
        TestCluster.signUp("pia", List.of("access"), List.of("pia"));
        for (String name : List.of("pia", "pia-does-not-exist")) {
            List<AuthClient.Reply> replies = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                replies.add(TestCluster.proxy().postJson("/v1/login", LoginRefusalsRevealNothingTest.login(name,
                        "guess " + i, "123456")));
            }
            assertEquals(10, replies.stream().filter(r -> r.status() == 401).count(), name);
            AuthClient.Reply limited = replies.get(11);
            assertEquals(429, limited.status(), name);
            assertTrue(limited.errorMessage().contains("for this user name"), limited.errorMessage());
        }
    }

    private static List<AuditEventDto> throttledEvents() throws Exception {
        return TestCluster.admin().read(TestCluster.admin().get("/v1/audit/events?type=user.login_throttled"),
                AuditPage.class).events();
    }
}
