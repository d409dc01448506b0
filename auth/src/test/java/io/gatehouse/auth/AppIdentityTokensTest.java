package io.gatehouse.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.gatehouse.auth.ca.CertificateIssuer;
import io.gatehouse.auth.testing.AuthClient;
import io.gatehouse.auth.testing.DbAgents;
import io.gatehouse.auth.testing.PostgresTestResource;
import io.gatehouse.auth.testing.TestCluster;
import io.gatehouse.shared.api.AppCertsResponse;
import io.gatehouse.shared.api.AppJwtRequest;
import io.gatehouse.shared.api.AppJwtResponse;
import io.gatehouse.shared.api.CaExport;
import io.gatehouse.shared.api.InventoryHeartbeat;
import io.gatehouse.shared.api.SignAppRequest;
import io.gatehouse.shared.app.AppRoute;
import io.gatehouse.shared.cert.CaType;
import io.gatehouse.shared.cert.IdentityCodec;
import io.gatehouse.shared.cert.Keys;
import io.gatehouse.shared.cert.UserIdentity;
import io.gatehouse.shared.cert.X509CertificateSigner;
import io.gatehouse.shared.jwt.JsonWebKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The app identity token (POST /v1/apps/jwt) as an app would check it: verified with an
 * independent JOSE library against the key set the proxy publishes (built from GET /v1/cas/jwt),
 * every claim; and the requests an attacker would make, each refused and audited.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
class AppIdentityTokensTest {
    private static final String URI = "http://127.0.0.1:18080";
    private static final KeyPair KEY = Keys.generateEcdsaP256();
    private static TestCluster.JoinedNode agent;
    private static TestCluster.JoinedNode rogue;
    private static String aliceEcho;
    private static String aliceOther;

    @Inject
    CertificateIssuer issuer;

    private static InventoryHeartbeat beat(String name, String uri) {
        return new InventoryHeartbeat("app", List.of(new InventoryHeartbeat.Entry(name, Map.of("env", "dev"),
                Map.of("uri", uri))), "5m");
    }

    @BeforeAll
    static void cluster() throws Exception {
        DbAgents.role("""
                kind: role
                version: v1
                metadata: {name: ajw-dev-apps}
                spec:
                  allow:
                    app_labels: {env: dev}
                """);
        agent = TestCluster.joinAgent("ajw-agent", null, List.of("node", "app"));
        for (String app : List.of("ajw-echo", "ajw-other")) {
            var r = agent.client().postJson("/v1/inventory/heartbeat", beat(app, URI));
            assertEquals(app, r.body().path("stored").path(0).asText(), r.body().toString());
        }
        rogue = TestCluster.joinAgent("ajw-rogue", null, List.of("node", "app"));
        var r = rogue.client().postJson("/v1/inventory/heartbeat", beat("ajw-rogue-app", "http://10.0.0.9:80"));
        assertEquals("ajw-rogue-app", r.body().path("stored").path(0).asText(), r.body().toString());
        AuthClient alice = TestCluster.loginAs(TestCluster.signUp("ajw-alice", List.of("ajw-dev-apps"),
                List.of("ajw-alice")));
        aliceEcho = appCert(alice, "ajw-echo");
        aliceOther = appCert(alice, "ajw-other");
    }

    private static String appCert(AuthClient user, String app) throws Exception {
        var reply = user.postJson("/v1/certs/app", new SignAppRequest(app, Keys.toOpenSshPublicKey(KEY.getPublic()),
                null));
        assertEquals(200, reply.status(), reply.body().toString());
        return user.read(reply, AppCertsResponse.class).tlsCertificate();
    }

    private static AppJwtResponse token(AuthClient caller, String app, String pem) throws Exception {
        var reply = caller.postJson("/v1/apps/jwt", new AppJwtRequest(app, pem));
        assertEquals(200, reply.status(), reply.body().toString());
        return caller.read(reply, AppJwtResponse.class);
    }

    private static AuthClient.Reply refused(AuthClient caller, String app, String pem, String why) throws Exception {
        var reply = caller.postJson("/v1/apps/jwt", new AppJwtRequest(app, pem));
        assertEquals(403, reply.status(), reply.body().toString());
        assertTrue(reply.errorMessage().contains(why), reply.errorMessage());
        assertTrue(!reply.body().toString().contains("eyJ"), "no token in a refusal");
        return reply;
    }

    /** What the proxy serves at /.well-known/jwks.json: every key the jwt CA lists. */
    private static JWKSet jwks() throws Exception {
        CaExport ca = agent.client().read(agent.client().get("/v1/cas/jwt"), CaExport.class);
        var keys = ca.tlsCertificates().stream().map(pem -> Keys.parseCertificatePem(pem).getPublicKey()).toList();
        return JWKSet.parse(new ObjectMapper().writeValueAsString(JsonWebKeys.keySet(keys)));
    }

    private static String clusterName() throws Exception {
        return agent.client().read(agent.client().get("/v1/cas/jwt"), CaExport.class).clusterName();
    }

    /** An app's verifier: signature by a published key, this audience, not expired (no clock skew allowed). */
    private static JWTClaimsSet verify(String token, String audience) throws Exception {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.ES256,
                new ImmutableJWKSet<>(jwks())));
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(audience,
                new JWTClaimsSet.Builder().issuer(clusterName()).build(),
                Set.of("iss", "sub", "aud", "iat", "nbf", "exp", "jti", "username", "roles", "traits"));
        claims.setMaxClockSkew(0);
        processor.setJWTClaimsSetVerifier(claims);
        return processor.process(token, null);
    }

    @Test
    void theServingAgentGetsATokenAnAppCanVerifyWithEveryClaim() throws Exception {
        Instant before = Instant.now().minusSeconds(1);
        AppJwtResponse reply = token(agent.client(), "ajw-echo", aliceEcho);
        SignedJWT jwt = SignedJWT.parse(reply.token());
        assertEquals(JWSAlgorithm.ES256, jwt.getHeader().getAlgorithm());
        assertEquals(jwks().getKeyByKeyId(jwt.getHeader().getKeyID()).computeThumbprint().toString(),
                jwt.getHeader().getKeyID(), "kid is the RFC 7638 thumbprint of a published key");
        JWTClaimsSet claims = verify(reply.token(), URI);
        UserIdentity alice = IdentityCodec.userFromX509(Keys.parseCertificatePem(aliceEcho));
        assertEquals(clusterName(), claims.getIssuer());
        assertEquals("ajw-alice", claims.getSubject());
        assertEquals("ajw-alice", claims.getStringClaim("username"));
        assertEquals(List.of("ajw-dev-apps"), claims.getStringListClaim("roles"));
        assertEquals(alice.traits(), claims.getJSONObjectClaim("traits"));
        assertEquals(List.of(URI), claims.getAudience());
        Instant iat = claims.getIssueTime().toInstant();
        Instant exp = claims.getExpirationTime().toInstant();
        assertTrue(!iat.isBefore(before.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)), iat.toString());
        assertEquals(iat, claims.getNotBeforeTime().toInstant());
        assertTrue(Duration.between(iat, exp).compareTo(Duration.ofMinutes(10)) <= 0, iat + " to " + exp);
        assertTrue(!exp.isAfter(alice.expires()), "never past the user's certificate");
        assertEquals(exp, reply.expires());
        assertNotEquals(claims.getJWTID(), SignedJWT.parse(token(agent.client(), "ajw-echo", aliceEcho).token())
                .getJWTClaimsSet().getJWTID(), "every token its own jti");
    }

    @Test
    void theVerifierRefusesATamperedPayloadAndAnotherAudience() throws Exception {
        String token = token(agent.client(), "ajw-echo", aliceEcho).token();
        String[] parts = token.split("\\.");
        JWTClaimsSet forged = new JWTClaimsSet.Builder(SignedJWT.parse(token).getJWTClaimsSet())
                .subject("root").claim("username", "root").build();
        String tampered = parts[0] + "." + Base64URL.encode(forged.toString()) + "." + parts[2];
        assertThrows(BadJOSEException.class, () -> verify(tampered, URI));
        assertThrows(BadJOSEException.class, () -> verify(token, "http://grafana.internal:3000"));
        assertEquals("ajw-alice", verify(token, URI).getSubject(), "the untouched token still verifies");
    }

    @Test
    void aTokenNeverOutlivesTheUsersCertificateAndThenFailsVerification() throws Exception {
        String shortLived = userCert(Instant.now().minusSeconds(60), Instant.now().plusSeconds(2), "ajw-echo");
        AppJwtResponse reply = token(agent.client(), "ajw-echo", shortLived);
        assertTrue(!reply.expires().isAfter(Instant.now().plusSeconds(3)), reply.expires().toString());
        assertEquals("ajw-alice", verify(reply.token(), URI).getSubject());
        Thread.sleep(Duration.between(Instant.now(), reply.expires()).toMillis() + 1_100);
        var e = assertThrows(BadJOSEException.class, () -> verify(reply.token(), URI));
        assertTrue(e.getMessage().contains("xpired"), e.getMessage());
    }

    private String userCert(Instant notBefore, Instant notAfter, String app) {
        UserIdentity alice = IdentityCodec.userFromX509(Keys.parseCertificatePem(aliceEcho));
        UserIdentity identity = new UserIdentity(alice.username(), alice.roles(), alice.traits(), List.of(), notBefore,
                notAfter, new AppRoute(app).toRouting(), false, false, Optional.empty());
        return issuer.issueAppUser(KEY.getPublic(), identity, new AppRoute(app), "http").tlsCertificate();
    }

    @Test
    void anAgentGetsNoTokenForAnAppItDoesNotServe() throws Exception {
        refused(rogue.client(), "ajw-echo", aliceEcho, "served by another agent, not by " + rogue.hostId());
        var events = TestCluster.admin().get("/v1/audit/events?type=cert.create&user=ajw-alice&limit=200").body()
                .toString();
        assertTrue(events.contains("app jwt") && events.contains("served by another agent"), events);
    }

    @Test
    void aCertificateRoutedToAnotherAppIsRefused() throws Exception {
        refused(agent.client(), "ajw-echo", aliceOther, "routed to app 'ajw-other', not to 'ajw-echo'");
    }

    @Test
    void aCertificateFromAForeignCaIsRefusedEvenWithTheSameNames() throws Exception {
        KeyPair foreign = Keys.generateEcdsaP256();
        var foreignCa = X509CertificateSigner.selfSignedCa(foreign, clusterName(), CaType.USER, Duration.ofDays(1));
        UserIdentity alice = IdentityCodec.userFromX509(Keys.parseCertificatePem(aliceEcho));
        String forged = Keys.certificateToPem(new X509CertificateSigner(foreign, foreignCa).issueUser(KEY.getPublic(),
                alice, 7L));
        refused(agent.client(), "ajw-echo", forged, "not from this cluster's user CA");
    }

    @Test
    void anExpiredCertificateIsRefused() throws Exception {
        String expired = userCert(Instant.now().minusSeconds(3600), Instant.now().minusSeconds(60), "ajw-echo");
        refused(agent.client(), "ajw-echo", expired, "expired at");
    }

    @Test
    void aUserWhoseRolesNoLongerAllowTheAppGetsNoToken() throws Exception {
        DbAgents.role("""
                kind: role
                version: v1
                metadata: {name: ajw-carol-apps}
                spec:
                  allow:
                    app_labels: {env: dev}
                """);
        AuthClient carol = TestCluster.loginAs(TestCluster.signUp("ajw-carol", List.of("ajw-carol-apps"),
                List.of("ajw-carol")));
        String pem = appCert(carol, "ajw-echo");
        token(agent.client(), "ajw-echo", pem);
        long revision = TestCluster.admin().get("/v1/resources/role/ajw-carol-apps").body().path("metadata")
                .path("revision").asLong();
        var updated = TestCluster.admin().putYaml("/v1/resources", """
                kind: role
                version: v1
                metadata: {name: ajw-carol-apps, revision: %d}
                spec:
                  allow:
                    app_labels: {env: dev}
                  deny:
                    app_labels: {env: dev}
                """.formatted(revision));
        assertEquals(200, updated.status(), updated.body().toString());
        refused(agent.client(), "ajw-echo", pem, "ajw-carol");
    }

    @Test
    void onlyAnAgentWithTheAppRoleMayAsk() throws Exception {
        var node = TestCluster.joinNode("ajw-node", null);
        refused(node.client(), "ajw-echo", aliceEcho, "only the app service");
        // The built-in admin identity passes the role check but serves no app: still no token.
        refused(TestCluster.admin(), "ajw-echo", aliceEcho, "served by another agent");
    }
}
