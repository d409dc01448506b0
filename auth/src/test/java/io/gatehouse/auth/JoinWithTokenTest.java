package io.gatehouse.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.auth.testing.PostgresTestResource;
import io.gatehouse.auth.testing.TestCluster;
import io.gatehouse.shared.api.CreateTokenRequest;
import io.gatehouse.shared.api.HostCertsResponse;
import io.gatehouse.shared.api.JoinRequest;
import io.gatehouse.shared.cert.IdentityCodec;
import io.gatehouse.shared.cert.Keys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
class JoinWithTokenTest {

    private static JoinRequest join(String token, String host, List<String> roles) {
        return new JoinRequest(token, host, null, roles, List.of(),
                Keys.toOpenSshPublicKey(Keys.generateEcdsaP256().getPublic()));
    }

    private static String token(String ttl, Integer uses, String... roles) throws Exception {
        var r = TestCluster.admin().postJson("/v1/tokens", new CreateTokenRequest(List.of(roles), ttl, uses));
        assertEquals(201, r.status(), r.body().toString());
        return r.body().path("token").asText();
    }

    @Test
    void aSingleUseTokenJoinsOnceAndIsThenRefusedAsUsedUp() throws Exception {
        String token = token("1h", 1, "node");
        var first = TestCluster.proxy().postJson("/v1/join", join(token, "web-1", List.of("node")));
        assertEquals(200, first.status(), first.body().toString());
        HostCertsResponse certs = TestCluster.proxy().read(first, HostCertsResponse.class);
        var host = IdentityCodec.hostFromX509(Keys.parseCertificatePem(certs.tlsCertificate()));
        assertEquals("web-1", host.nodeName());
        assertEquals(List.of("node"), host.systemRoles());

        var second = TestCluster.proxy().postJson("/v1/join", join(token, "web-2", List.of("node")));
        assertEquals(403, second.status());
        assertTrue(second.errorMessage().contains("used up (1 of 1 uses)"), second.errorMessage());
        assertTrue(second.errorMessage().contains("gatectl tokens add"), second.errorMessage());
        var events = TestCluster.admin().get("/v1/audit/events?type=token.use");
        assertTrue(events.body().toString().contains("used up"), "the refusal is audited");
    }

    /** Found by the fuzz pass over the join body: these were NullPointerExceptions, answered 500. */
    @Test
    void nullBodiesAndNullNamesAreInvalidRequestsNotServerErrors() throws Exception {
        String token = token("1h", null, "node");
        var noBody = TestCluster.proxy().postJson("/v1/join", null);
        assertEquals(400, noBody.status(), noBody.body().toString());
        var nullRole = TestCluster.proxy().postJson("/v1/join", join(token, "web-9", java.util.Arrays.asList(
                "node", null)));
        assertEquals(400, nullRole.status(), nullRole.body().toString());
        assertTrue(nullRole.errorMessage().contains("without null"), nullRole.errorMessage());
        var nullPrincipal = TestCluster.proxy().postJson("/v1/join", new JoinRequest(token, "web-9", null,
                List.of("node"), java.util.Arrays.asList("a", null), Keys.toOpenSshPublicKey(
                        Keys.generateEcdsaP256().getPublic())));
        assertEquals(400, nullPrincipal.status(), nullPrincipal.body().toString());
        var noLogin = TestCluster.proxy().postJson("/v1/login", null);
        assertEquals(400, noLogin.status(), noLogin.body().toString());
    }

    @Test
    void anExpiredTokenIsRefusedWithWhenItExpired() throws Exception {
        String token = token("1s", null, "node");
        Thread.sleep(1500);
        var r = TestCluster.proxy().postJson("/v1/join", join(token, "late", List.of("node")));
        assertEquals(403, r.status());
        assertTrue(r.errorMessage().contains("expired"), r.errorMessage());
    }

    @Test
    void aTokenCannotGrantRolesItDoesNotCarry() throws Exception {
        String token = token("1h", null, "node");
        var r = TestCluster.proxy().postJson("/v1/join", join(token, "sneaky", List.of("proxy")));
        assertEquals(403, r.status());
        assertTrue(r.errorMessage().contains("allows [node]"), r.errorMessage());
    }

    @Test
    void anUnknownTokenIsRefusedWithoutEchoingIt() throws Exception {
        var r = TestCluster.proxy().postJson("/v1/join", join("not-a-real-token-value", "x", List.of("node")));
        assertEquals(403, r.status());
        assertTrue(!r.errorMessage().contains("not-a-real-token-value"), r.errorMessage());
    }

    @Test
    void onlyTheProxyMayForwardJoins() throws Exception {
        String token = token("1h", null, "node");
        var dave = TestCluster.signUp("joiner", List.of("access"), List.of("joiner"));
        var r = TestCluster.loginAs(dave).postJson("/v1/join", join(token, "x", List.of("node")));
        assertEquals(403, r.status());
        assertEquals("access_denied", r.errorCode());
    }
}
