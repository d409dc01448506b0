package io.gatehouse.auth.accessrequest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.shared.resource.Resource;
import io.gatehouse.shared.resource.Resources;
import io.gatehouse.shared.resource.RoleSpec;
import io.gatehouse.shared.resource.Threshold;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RequestRulesTest {
    private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
    private static final Set<String> EXISTING = Set.of("dev", "lead", "prod-access", "db-admin");

    private static Resource<RoleSpec> role(String yaml) {
        return Resources.parseYaml("kind: role\nversion: v1\n" + yaml, "test").get(0).as(RoleSpec.class);
    }

    private static final Resource<RoleSpec> DEV = role("""
            metadata: {name: dev}
            spec:
              allow:
                request: {roles: [prod-access], thresholds: [{approve: 2, deny: 1}], max_duration: 4h}
              deny:
                request: {roles: [db-admin]}
            """);
    private static final Resource<RoleSpec> WILD = role("""
            metadata: {name: lead}
            spec:
              allow:
                request: {roles: ["*"]}
                review_requests: {roles: [prod-access]}
            """);

    private static AccessRequest pending(String user, List<Review> reviews) {
        return new AccessRequest("r1", user, List.of("prod-access"), "deploy", RequestState.PENDING,
                NOW.minusSeconds(60), NOW.plusSeconds(3600), List.of(new Threshold(1, 1)), reviews, null);
    }

    @Test
    void aRoleThatAllowsRequestingGivesItsThresholdsAndCapsTheDuration() {
        var ok = RequestRules.create("alice", List.of(DEV), List.of("prod-access"), EXISTING, "deploy", Optional.empty());
        assertEquals(List.of(new Threshold(2, 1)), ok.value().orElseThrow().thresholds());
        assertEquals(Duration.ofHours(1), ok.value().orElseThrow().duration());
        var tooLong = RequestRules.create("alice", List.of(DEV), List.of("prod-access"), EXISTING, "deploy",
                Optional.of(Duration.ofHours(5)));
        assertTrue(tooLong.refusal().contains("exceeds the maximum 4h"), tooLong.refusal());
    }

    @Test
    void unknownUnrequestableDeniedHeldAndReasonlessRequestsAreRefused() {
        assertTrue(RequestRules.create("a", List.of(DEV), List.of("nope"), EXISTING, "x", Optional.empty()).refusal()
                .contains("does not exist"));
        assertTrue(RequestRules.create("a", List.of(DEV), List.of("lead"), EXISTING, "x", Optional.empty()).refusal()
                .contains("allows requesting role 'lead'"));
        // deny wins over another role's "*"
        assertTrue(RequestRules.create("a", List.of(DEV, WILD), List.of("db-admin"), EXISTING, "x", Optional.empty())
                .refusal().contains("allows requesting role 'db-admin'"));
        assertTrue(RequestRules.create("a", List.of(DEV, WILD), List.of("dev"), EXISTING, "x", Optional.empty())
                .refusal().contains("already has role 'dev'"));
        assertTrue(RequestRules.create("a", List.of(DEV), List.of("prod-access"), EXISTING, " ", Optional.empty())
                .refusal().contains("give a reason"));
        assertTrue(RequestRules.create("a", List.of(DEV), List.of(), EXISTING, "x", Optional.empty()).refusal()
                .contains("at least one role"));
        assertTrue(RequestRules.create("a", List.of(DEV), List.of("prod-access"), EXISTING, "x",
                Optional.of(Duration.ofSeconds(5))).refusal().contains("at least 30s"));
    }

    @Test
    void reasonsKeepMarkupAndEscapesButNotUnboundedLength() {
        String hostile = "<script>alert(1)</script>\u001b]0;owned\u0007\u001b[2J";
        assertTrue(RequestRules.create("a", List.of(DEV), List.of("prod-access"), EXISTING, hostile, Optional.empty())
                .value().isPresent());
        assertTrue(RequestRules.reasonProblem("x".repeat(1001)).isPresent());
    }

    @Test
    void selfReviewUnentitledAndRepeatedReviewsAreRefused() {
        assertTrue(RequestRules.reviewProblem("alice", List.of(WILD), pending("alice", List.of()), NOW).orElseThrow()
                .contains("your own"));
        assertTrue(RequestRules.reviewProblem("bob", List.of(DEV), pending("alice", List.of()), NOW).orElseThrow()
                .contains("do not allow reviewing"));
        assertEquals(Optional.empty(), RequestRules.reviewProblem("bob", List.of(WILD), pending("alice", List.of()),
                NOW));
        var reviewed = pending("alice", List.of(new Review("bob", true, "ok", NOW)));
        assertTrue(RequestRules.reviewProblem("bob", List.of(WILD), reviewed, NOW).orElseThrow().contains("already"));
        assertTrue(RequestRules.reviewProblem("bob", List.of(WILD), pending("alice", List.of()), NOW.plusSeconds(7200))
                .orElseThrow().contains("expired"));
    }

    @Test
    void thresholdsApproveWhenAllAreMetAndDenyAtTheFirst() {
        var t = List.of(new Threshold(2, 2), new Threshold(1, 1));
        Review yes = new Review("b", true, "", NOW);
        Review no = new Review("c", false, "", NOW);
        assertEquals(RequestState.PENDING, RequestRules.decide(List.of(yes), t));
        assertEquals(RequestState.APPROVED, RequestRules.decide(List.of(yes, new Review("d", true, "", NOW)), t));
        assertEquals(RequestState.DENIED, RequestRules.decide(List.of(yes, no), t));
        assertEquals(RequestState.APPROVED, RequestRules.decide(List.of(yes), List.of()));
    }

    @Test
    void onlyTheAuthorAssumesAnApprovedUnexpiredRequest() {
        var approved = new AccessRequest("r1", "alice", List.of("prod-access"), "x", RequestState.APPROVED,
                NOW, NOW.plusSeconds(60), List.of(), List.of(), null);
        assertEquals(Optional.empty(), RequestRules.assumeProblem("alice", approved, NOW));
        assertTrue(RequestRules.assumeProblem("bob", approved, NOW).orElseThrow().contains("only its author"));
        assertTrue(RequestRules.assumeProblem("alice", approved, NOW.plusSeconds(61)).orElseThrow().contains("expired"));
        assertTrue(RequestRules.assumeProblem("alice", pending("alice", List.of()), NOW).orElseThrow()
                .contains("pending"));
    }
}
