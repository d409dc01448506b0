package io.gatehouse.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Page;
import io.gatehouse.e2e.support.Chromium;
import io.gatehouse.e2e.support.Cluster;
import io.gatehouse.e2e.support.JitRoles;
import io.gatehouse.e2e.support.Keycloak;
import io.gatehouse.e2e.support.Proc;
import io.gatehouse.e2e.support.ProxyCalls;
import io.gatehouse.shared.api.SsoDto;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Auth verifies every SSO login's ID token itself, whatever the proxy says: real Keycloak tokens
 * from another realm (issuer) or for another client (audience) are refused with a message naming
 * the check, and audited. A user whose groups map to no role cannot log in at all.
 */
class ForeignIdTokensAreRefused {
    private static Cluster cluster;
    private static Chromium chromium;
    private static ProxyCalls asProxy;
    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        Keycloak.start();
        cluster = new Cluster();
        cluster.start();
        Path setup = dir.resolve("sso.yaml");
        // "elsewhere" trusts the same realm but expects another client id: gatehouse's tokens are not for it.
        Files.writeString(setup, JitRoles.yaml(Cluster.LOGIN) + "---\n"
                + Keycloak.connectorYaml("keycloak", "gatehouse", cluster.webPort()) + "---\n"
                + Keycloak.connectorYaml("elsewhere", "gatehouse", cluster.webPort())
                        .replace("client_id: gatehouse", "client_id: another-app") + "---\n"
                // "alias" reaches the same realm (same keys) under another name: its tokens' iss differs.
                + Keycloak.connectorYaml("alias", "gatehouse", cluster.webPort())
                        .replace("http://127.0.0.1:", "http://localhost:"));
        ok(cluster.gatectl("create", "-f", setup.toString()));
        chromium = new Chromium();
        asProxy = new ProxyCalls(cluster.proxyIdentity(), cluster.port());
    }

    @AfterAll
    static void stop() {
        if (chromium != null) {
            chromium.close();
        }
        cluster.close();
    }

    private static String token(String realm, String secret, String user, String password) throws Exception {
        Page page = chromium.newContext().newPage();
        try {
            return Keycloak.idToken(page, realm, secret, user, password, cluster.webPort());
        } finally {
            page.context().close();
        }
    }

    @Test
    void tokensFromAnotherIssuerOrForAnotherAudienceAreRefusedAndAudited() throws Exception {
        String otherRealm = token("other", "other-test-secret", "dev", "dev-password");
        var wrongIssuer = asProxy.post("/v1/sso/web-sessions", new SsoDto.Login("keycloak", otherRealm, null,
                "192.0.2.10"));
        assertEquals(403, wrongIssuer.status(), wrongIssuer.body().toString());
        // Another realm signs with its own keys: the signature check is the one that fails.
        assertTrue(wrongIssuer.body().toString().contains("not signed with a key of " + Keycloak.issuer("gatehouse")),
                wrongIssuer.body().toString());

        String gatehouseToken = token("gatehouse", Keycloak.CLIENT_SECRET, "dev", "dev-password");
        var wrongAudience = asProxy.post("/v1/sso/web-sessions", new SsoDto.Login("elsewhere", gatehouseToken, null,
                "192.0.2.11"));
        assertEquals(403, wrongAudience.status(), wrongAudience.body().toString());
        assertTrue(wrongAudience.body().toString().contains("issued for another application"),
                wrongAudience.body().toString());

        var wrongIssuerName = asProxy.post("/v1/sso/web-sessions", new SsoDto.Login("alias", gatehouseToken, null,
                "192.0.2.14"));
        assertEquals(403, wrongIssuerName.status(), wrongIssuerName.body().toString());
        assertTrue(wrongIssuerName.body().toString().contains("issued by another provider"),
                wrongIssuerName.body().toString());

        // The same token with the connector it was issued for is a valid login (the checks above can fail).
        var right = asProxy.post("/v1/sso/web-sessions", new SsoDto.Login("keycloak", gatehouseToken, null,
                "192.0.2.12"));
        assertEquals(201, right.status(), right.body().toString());

        String audit = new ProxyCalls(cluster.adminIdentity(), cluster.port())
                .get("/v1/audit/events?type=user.login&limit=500").body().toString();
        assertTrue(audit.contains("192.0.2.10") && audit.contains("192.0.2.11"), audit);
    }

    @Test
    void aUserWhoseGroupsMapToNoRoleCannotLogIn() throws Exception {
        String outsider = token("gatehouse", Keycloak.CLIENT_SECRET, "outsider", "outsider-password");
        var refused = asProxy.post("/v1/sso/web-sessions", new SsoDto.Login("keycloak", outsider, null, "192.0.2.13"));
        assertEquals(403, refused.status(), refused.body().toString());
        assertTrue(refused.body().toString().contains("map to no Gatehouse role"), refused.body().toString());
    }

    private static void ok(Proc.Result r) {
        assertEquals(0, r.exit(), r.toString());
    }
}
