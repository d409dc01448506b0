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
