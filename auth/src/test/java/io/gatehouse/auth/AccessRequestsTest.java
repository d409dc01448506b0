package io.gatehouse.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.auth.testing.AuthClient;
import io.gatehouse.auth.testing.PostgresTestResource;
import io.gatehouse.auth.testing.TestCluster;
import io.gatehouse.shared.api.AccessRequestDto;
import io.gatehouse.shared.api.CertsResponse;
import io.gatehouse.shared.api.LoginRequest;
import io.gatehouse.shared.api.WebSessionDto;
import io.gatehouse.shared.cert.IdentityCodec;
import io.gatehouse.shared.cert.Keys;
import io.gatehouse.shared.cert.UserIdentity;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Just-in-time access: a developer asks for a role with a reason, a lead approves, the developer
 * gets certificates with the role that end with the request; everyone else is refused, audited.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
class AccessRequestsTest {
    private static final String ROLES = """
            kind: role
            version: v1
            metadata: {name: ar-prod}
            spec:
              allow:
                logins: [prodops]
                node_labels: {env: prod}
            ---
            kind: role
            version: v1
            metadata: {name: ar-requester}
            spec:
              allow:
                request: {roles: [ar-prod], thresholds: [{approve: 1, deny: 1}], max_duration: 2h}
            ---
            kind: role
            version: v1
            metadata: {name: ar-reviewer}
            spec:
              allow:
                review_requests: {roles: [ar-prod]}
            """;
    private static AuthClient dev;
    private static AuthClient lead;
    private static AuthClient eve;
    private static TestCluster.SignedUp devUser;

    @BeforeAll
    static void people() throws Exception {
        for (String doc : ROLES.split("---\n")) {
            var r = TestCluster.admin().postYaml("/v1/resources", doc);
            assertTrue(r.status() == 201 || r.status() == 409, r.body().toString());
        }
        devUser = TestCluster.signUp("ar-dev", List.of("access", "ar-requester"), List.of("ar-dev"));
        var leadUser = TestCluster.signUp("ar-lead", List.of("access", "ar-reviewer"), List.of("ar-lead"));
        var eveUser = TestCluster.signUp("ar-eve", List.of("access"), List.of("ar-eve"));
        dev = TestCluster.loginAs(devUser);
        lead = TestCluster.loginAs(leadUser);
        eve = TestCluster.loginAs(eveUser);
    }

    private static AccessRequestDto.View create(String reason, String duration) throws Exception {
        var r = dev.postJson("/v1/access-requests", new AccessRequestDto.Create(List.of("ar-prod"), reason, duration));
        assertEquals(200, r.status(), r.body().toString());
        return dev.read(r, AccessRequestDto.View.class);
    }

    @Test
    void anApprovedRequestGivesCertificatesWithTheRoleUntilItEnds() throws Exception {
        String hostile = "<b>hotfix</b>\u001b[2J\u0007 please";
        var request = create(hostile, "30m");
        assertEquals("pending", request.state());
        assertEquals(hostile, request.reason(), "the reason is kept as typed; UIs render it inertly");

        var own = dev.postJson("/v1/access-requests/" + request.id() + "/reviews",
                new AccessRequestDto.Decision(true, "me"));
        assertEquals(403, own.status());
        assertTrue(own.errorMessage().contains("your own"), own.errorMessage());
        var unentitled = eve.postJson("/v1/access-requests/" + request.id() + "/reviews",
                new AccessRequestDto.Decision(true, "sure"));
        assertEquals(403, unentitled.status());
        assertTrue(unentitled.errorMessage().contains("do not allow reviewing"), unentitled.errorMessage());
        var early = dev.postJson("/v1/access-requests/" + request.id() + "/assume", assumeBody());
        assertEquals(403, early.status());
        assertTrue(early.errorMessage().contains("pending"), early.errorMessage());

        var pending = lead.read(lead.get("/v1/access-requests?state=pending"), AccessRequestDto.ListView.class);
        var seen = pending.requests().stream().filter(v -> v.id().equals(request.id())).findFirst().orElseThrow();
        assertTrue(seen.canReview());
        assertFalse(eve.read(eve.get("/v1/access-requests"), AccessRequestDto.ListView.class).requests().stream()
                .anyMatch(v -> v.id().equals(request.id())), "someone who may not review it does not see it");

        var approved = lead.postJson("/v1/access-requests/" + request.id() + "/reviews",
                new AccessRequestDto.Decision(true, "go ahead"));
        assertEquals(200, approved.status(), approved.body().toString());
        assertEquals("approved", approved.body().path("state").asText());

        assertEquals(403, lead.postJson("/v1/access-requests/" + request.id() + "/assume", assumeBody()).status(),
                "only the author assumes");
        var assumed = dev.postJson("/v1/access-requests/" + request.id() + "/assume", assumeBody());
        assertEquals(200, assumed.status(), assumed.body().toString());
        UserIdentity identity = IdentityCodec.userFromX509(Keys.parseCertificatePem(
                dev.read(assumed, CertsResponse.class).tlsCertificate()));
        assertTrue(identity.roles().contains("ar-prod"), identity.roles().toString());
        assertTrue(identity.logins().contains("prodops"), identity.logins().toString());
        assertEquals(request.id(), identity.activeRequest().orElseThrow());
        assertFalse(identity.expires().isAfter(request.expires()), "the certificate ends with the request");

        var events = TestCluster.admin().get("/v1/audit/events?type=access_request.review&limit=50");
        String all = events.body().toString();
        assertTrue(all.contains("go ahead") && all.contains("your own") && all.contains("do not allow reviewing"),
                all);
    }

    @Test
    void aDeniedOrExpiredRequestCannotBeAssumed() throws Exception {
        var denied = create("try", "30m");
        assertEquals("denied", lead.postJson("/v1/access-requests/" + denied.id() + "/reviews",
                new AccessRequestDto.Decision(false, "not now")).body().path("state").asText());
        var refused = dev.postJson("/v1/access-requests/" + denied.id() + "/assume", assumeBody());
        assertEquals(403, refused.status());
        assertTrue(refused.errorMessage().contains("denied"), refused.errorMessage());

        var expiring = create("short", "30m");
        lead.postJson("/v1/access-requests/" + expiring.id() + "/reviews", new AccessRequestDto.Decision(true, "ok"));
        try (var db = PostgresTestResource.connect(PostgresTestResource.jdbcUrl()); var st = db.prepareStatement(
                "update access_requests set expires_at = now() - interval '1 second' where id = ?")) {
            st.setString(1, expiring.id());
            assertEquals(1, st.executeUpdate());
        }
        var late = dev.postJson("/v1/access-requests/" + expiring.id() + "/assume", assumeBody());
        assertEquals(403, late.status());
        assertTrue(late.errorMessage().contains("expired"), late.errorMessage());
        // The sweep marks it and audits the expiry.
        Instant until = Instant.now().plus(Duration.ofSeconds(30));
        while (!TestCluster.admin().get("/v1/audit/events?type=access_request.expire&limit=100").body().toString()
                .contains(expiring.id())) {
            assertTrue(Instant.now().isBefore(until), "no access_request.expire event within 30 s");
            Thread.sleep(500);
        }
        assertEquals("expired", dev.get("/v1/access-requests/" + expiring.id()).body().path("state").asText());
    }

    @Test
    void onlyTheAuthorCancelsAndACancelledRequestTakesNoReview() throws Exception {
        var request = create("maybe not", "30m");
        var byOther = lead.postJson("/v1/access-requests/" + request.id() + "/cancel", null);
        assertEquals(403, byOther.status());
        assertTrue(byOther.errorMessage().contains("only ar-dev can cancel"), byOther.errorMessage());
        var cancelled = dev.postJson("/v1/access-requests/" + request.id() + "/cancel", null);
        assertEquals(200, cancelled.status(), cancelled.body().toString());
        assertEquals("cancelled", cancelled.body().path("state").asText());
        var late = lead.postJson("/v1/access-requests/" + request.id() + "/reviews",
                new AccessRequestDto.Decision(true, "too late"));
        assertEquals(403, late.status());
        assertTrue(late.errorMessage().contains("already cancelled"), late.errorMessage());
    }

    @Test
    void aWebSessionAssumesARequestAndDropsIt() throws Exception {
        var request = create("web", "30m");
        lead.postJson("/v1/access-requests/" + request.id() + "/reviews", new AccessRequestDto.Decision(true, "ok"));
        var created = TestCluster.proxy().read(TestCluster.proxy().postJson("/v1/web/sessions", new LoginRequest(
                devUser.name(), TestCluster.PASSWORD, devUser.code(TestCluster.currentStep() + 1), null, null)),
                WebSessionDto.Created.class);
        var assumed = TestCluster.proxy().postJson("/v1/web/sessions/assume", new WebSessionDto.Assume(
                created.sessionId(), created.bearerToken(), request.id()));
        assertEquals(200, assumed.status(), assumed.body().toString());
        var session = TestCluster.proxy().read(assumed, WebSessionDto.Session.class);
        assertTrue(session.roles().contains("ar-prod"));
        assertEquals(request.id(), session.activeRequest());
        var noBearer = TestCluster.proxy().postJson("/v1/web/sessions/assume", new WebSessionDto.Assume(
                created.sessionId(), "guess", request.id()));
        assertEquals(403, noBearer.status());
        var dropped = TestCluster.proxy().read(TestCluster.proxy().postJson("/v1/web/sessions/assume",
                new WebSessionDto.Assume(created.sessionId(), created.bearerToken(), null)), WebSessionDto.Session.class);
        assertFalse(dropped.roles().contains("ar-prod"));
        assertEquals(null, dropped.activeRequest());
    }

    @Test
    void theProxyReadsWhereManyRequestsStandInOneCallAndNoUserCan() throws Exception {
        var approved = create("states", "30m");
        lead.postJson("/v1/access-requests/" + approved.id() + "/reviews", new AccessRequestDto.Decision(true, "ok"));
        var cancelled = create("states, cancelled", "30m");
        lead.postJson("/v1/access-requests/" + cancelled.id() + "/reviews", new AccessRequestDto.Decision(true, "ok"));
        assertEquals(200, dev.postJson("/v1/access-requests/" + cancelled.id() + "/cancel", null).status(),
                "an approved request can be cancelled by its author");
        var query = new AccessRequestDto.StatesQuery(List.of(approved.id(), cancelled.id(), "no-such-request"));

        var answer = TestCluster.proxy().postJson("/v1/access-requests/states", query);
        assertEquals(200, answer.status(), answer.body().toString());
        var states = TestCluster.proxy().read(answer, AccessRequestDto.States.class).requests();
        assertEquals(List.of("approved", "cancelled", "unknown"), states.stream().map(AccessRequestDto.StateView::state)
                .toList());
        assertTrue(states.get(0).inForce(Instant.now()));
        assertFalse(states.get(1).inForce(Instant.now()));

        var byUser = dev.postJson("/v1/access-requests/states", query);
        assertEquals(403, byUser.status(), "a user reads no request states in bulk: " + byUser.body());
    }

    private static AccessRequestDto.Assume assumeBody() {
        return new AccessRequestDto.Assume(Keys.toOpenSshPublicKey(Keys.generateEcdsaP256().getPublic()));
    }
}
