package io.gatehouse.e2e.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The real Keycloak of the SSO scenarios (deploy/keycloak.sh: realms gatehouse and other, users
 * dev, lead and outsider). deploy/test.sh starts it before the tests; start() is idempotent, so a
 * scenario run alone starts it itself.
 */
public final class Keycloak {
    public static final String URL = "http://127.0.0.1:" + System.getenv().getOrDefault("KEYCLOAK_PORT", "18080");
    public static final String CLIENT_ID = "gatehouse";
    public static final String CLIENT_SECRET = "gatehouse-test-secret";

    private Keycloak() {
    }

    public static String issuer(String realm) {
        return URL + "/realms/" + realm;
    }

    public static void start() {
        Proc.Result r = Proc.run(List.of(Cluster.REPO.resolve("deploy/keycloak.sh").toString(), "start"), Map.of(),
                Duration.ofMinutes(5));
        assertEquals(0, r.exit(), "deploy/keycloak.sh start: " + r);
    }

    public static void stop() {
        Proc.Result r = Proc.run(List.of(Cluster.REPO.resolve("deploy/keycloak.sh").toString(), "stop"), Map.of(),
                Duration.ofMinutes(1));
        assertEquals(0, r.exit(), "deploy/keycloak.sh stop: " + r);
    }

    /**
     * A real ID token from {@code realm} for {@code user}, by the authorization-code flow with PKCE
     * driven in {@code page} (the code lands on a loopback https URL the realm accepts) and the code
     * exchanged here with the client secret.
     */
    public static String idToken(com.microsoft.playwright.Page page, String realm, String secret, String user,
            String password, int loopbackPort) throws Exception {
        String verifier = java.util.UUID.randomUUID() + "-" + java.util.UUID.randomUUID();
        String challenge = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                java.security.MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(
                        java.nio.charset.StandardCharsets.US_ASCII)));
        String redirect = "https://127.0.0.1:" + loopbackPort + "/test-callback";
        page.navigate(issuer(realm) + "/protocol/openid-connect/auth?response_type=code&client_id=" + CLIENT_ID
                + "&scope=openid&state=s1&nonce=n1&code_challenge_method=S256&code_challenge=" + challenge
                + "&redirect_uri=" + java.net.URLEncoder.encode(redirect, java.nio.charset.StandardCharsets.UTF_8));
        page.locator("#username").fill(user);
        page.locator("#password").fill(password);
        page.locator("#kc-login").click();
        page.waitForURL(redirect + "**");
        String code = java.net.URLDecoder.decode(page.url().replaceAll(".*[?&]code=([^&]+).*", "$1"),
                java.nio.charset.StandardCharsets.UTF_8);
        String form = "grant_type=authorization_code&code=" + java.net.URLEncoder.encode(code,
                java.nio.charset.StandardCharsets.UTF_8) + "&redirect_uri=" + java.net.URLEncoder.encode(redirect,
                java.nio.charset.StandardCharsets.UTF_8) + "&client_id=" + CLIENT_ID + "&client_secret=" + secret
                + "&code_verifier=" + verifier;
        var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(issuer(realm) + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(form)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.body()).path("id_token").asText();
    }

    /** An oidc_connector for this Keycloak's realm, for a proxy on {@code webPort}. */
    public static String connectorYaml(String name, String realm, int webPort) {
        return """
                kind: oidc_connector
                version: v1
                metadata: {name: %s}
                spec:
                  display: Keycloak (%s)
                  issuer_url: %s
                  client_id: %s
                  client_secret: %s
                  redirect_url: https://127.0.0.1:%d/v1/webapi/sso/callback
                  claims_to_roles:
                    - {claim: groups, value: developers, roles: [dev]}
                    - {claim: groups, value: leads, roles: [lead]}
                """.formatted(name, realm, issuer(realm), CLIENT_ID, CLIENT_SECRET, webPort);
    }
}
