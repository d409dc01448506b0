package io.gatehouse.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.auth.testing.AuthClient;
import io.gatehouse.auth.testing.PostgresTestResource;
import io.gatehouse.auth.testing.TestCluster;
import io.gatehouse.shared.api.SignHostRequest;
import io.gatehouse.shared.api.SignUserRequest;
import io.gatehouse.shared.cert.Keys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The attack: a user whose role says "everything" for day-to-day admin work (the preset editor,
 * rules: [{resources: ["*"], verbs: ["*"]}]) calls `cert create` to mint a node's host certificate
 * or certificates for another user. Both need a rule that names them (host_cert, impersonate).
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
class PrivilegedCertificatesNeedANamedRuleTest {

    private static String key() {
        return Keys.toOpenSshPublicKey(Keys.generateEcdsaP256().getPublic());
    }

    @Test
    void aWildcardEditorCannotMintHostCertificatesOrOtherUsersCertificates() throws Exception {
        TestCluster.signUp("victor", List.of("access"), List.of("victor"));
        AuthClient editor = TestCluster.loginAs(TestCluster.signUp("eddie", List.of("editor"), List.of("eddie")));

        var host = editor.postJson("/v1/certs/host", new SignHostRequest(null, "evil-node", List.of("node"),
                List.of("localhost"), key(), "1h"));
        assertEquals(403, host.status(), host.body().toString());
        assertTrue(host.errorMessage().contains("host_cert"), host.errorMessage());

        var other = editor.postJson("/v1/certs/user", new SignUserRequest("victor", key(), "1h"));
        assertEquals(403, other.status(), other.body().toString());
        assertTrue(other.errorMessage().contains("impersonate"), other.errorMessage());

        var self = editor.postJson("/v1/certs/user", new SignUserRequest("eddie", key(), "1h"));
        assertEquals(200, self.status(), "certificates for oneself still work: " + self.body());
    }

    @Test
    void aRuleThatNamesThemGrantsThem() throws Exception {
        var role = TestCluster.admin().postYaml("/v1/resources", """
                kind: role
                version: v1
                metadata: {name: host-signer}
                spec:
                  allow:
                    rules: [{resources: [cert, host_cert, impersonate], verbs: [create]}]
                """);
        assertEquals(201, role.status(), role.body().toString());
        TestCluster.signUp("wanda", List.of("access"), List.of("wanda"));
        AuthClient signer = TestCluster.loginAs(TestCluster.signUp("sid", List.of("host-signer"), List.of("sid")));
        assertEquals(200, signer.postJson("/v1/certs/host", new SignHostRequest(null, "ci-node", List.of("node"),
                List.of(), key(), "1h")).status());
        assertEquals(200, signer.postJson("/v1/certs/user", new SignUserRequest("wanda", key(), "1h")).status());
    }
}
