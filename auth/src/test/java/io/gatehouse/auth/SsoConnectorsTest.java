package io.gatehouse.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.auth.testing.PostgresTestResource;
import io.gatehouse.auth.testing.TestCluster;
import io.gatehouse.shared.api.SsoDto;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * OIDC connectors as resources: the client secret is sealed, shown to nobody, kept across an
 * update that sends the placeholder back, and handed in clear to proxies only. A login whose ID
 * token does not verify is refused and audited with the connector.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
class SsoConnectorsTest {
    private static final String CONNECTOR = """
            kind: oidc_connector
            version: v1
            metadata: {name: %s}
            spec:
              issuer_url: http://127.0.0.1:9/realms/none
              client_id: gatehouse
              client_secret: %s
              redirect_url: https://proxy.example:3080/v1/webapi/sso/callback
              claims_to_roles:
                - {claim: groups, value: developers, roles: [access]}
            """;

    @Test
    void theClientSecretIsSealedHiddenAndOnlyProxiesGetIt() throws Exception {
        var admin = TestCluster.admin();
        var created = admin.postYaml("/v1/resources", CONNECTOR.formatted("kc", "s3cret-value"));
        assertEquals(201, created.status(), created.body().toString());
        assertFalse(created.body().toString().contains("s3cret-value"), created.body().toString());
        var read = admin.get("/v1/resources/oidc_connector/kc");
        assertEquals("<hidden>", read.body().path("spec").path("client_secret").asText(), read.body().toString());
        assertEquals("[\"openid\",\"profile\",\"email\"]", read.body().path("spec").path("scopes").toString(),
                "default scopes");

        // Sending the placeholder back (get, edit, update) keeps the stored secret.
        var updated = admin.putYaml("/v1/resources", CONNECTOR.formatted("kc", "\"<hidden>\"").replace(
                "client_id: gatehouse", "client_id: gatehouse\n  display: Keycloak"));
        assertEquals(200, updated.status(), updated.body().toString());
        var forProxy = TestCluster.proxy().read(TestCluster.proxy().get("/v1/sso/connectors"), SsoDto.Connectors.class);
        var kc = forProxy.connectors().stream().filter(c -> c.name().equals("kc")).findFirst().orElseThrow();
        assertEquals("s3cret-value", kc.clientSecret());
        assertEquals("Keycloak", kc.display());

        var user = TestCluster.loginAs(TestCluster.signUp("ssoq", List.of("access"), List.of("ssoq")));
        assertEquals(403, user.get("/v1/sso/connectors").status(), "users never see connector secrets");
    }

    @Test
    void aLoginWithAnUnverifiableTokenIsRefusedAndAudited() throws Exception {
        TestCluster.admin().postYaml("/v1/resources", CONNECTOR.formatted("down", "x"));
        var refused = TestCluster.proxy().postJson("/v1/sso/web-sessions", new SsoDto.Login("down",
                "eyJhbGciOiJSUzI1NiJ9.e30.c2ln", null, "203.0.113.9"));
        assertEquals(403, refused.status(), refused.body().toString());
        assertTrue(refused.errorMessage().contains("cannot reach the identity provider"), refused.errorMessage());
        var events = TestCluster.admin().get("/v1/audit/events?type=user.login&limit=500").body().toString();
        assertTrue(events.contains("oidc_connector/down") && events.contains("203.0.113.9"), events);

        var reported = TestCluster.proxy().postJson("/v1/sso/failures", new SsoDto.Failure("down",
                "the state parameter did not match", "198.51.100.7"));
        assertEquals(204, reported.status());
        assertTrue(TestCluster.admin().get("/v1/audit/events?type=user.login&limit=500").body().toString()
                .contains("the state parameter did not match"));
    }

    @Test
    void aConnectorWithoutMappingsOrWithAPlainHttpIssuerIsRefused() throws Exception {
        var noMap = TestCluster.admin().postYaml("/v1/resources", """
                kind: oidc_connector
                version: v1
                metadata: {name: bad}
                spec:
                  issuer_url: http://idp.example/realms/x
                  client_id: c
                  client_secret: s
                  redirect_url: http://proxy.example/cb
                """);
        assertEquals(400, noMap.status(), noMap.body().toString());
        String all = noMap.body().toString();
        assertTrue(all.contains("claims_to_roles") && all.contains("spec.issuer_url")
                && all.contains("spec.redirect_url"), all);
    }
}
