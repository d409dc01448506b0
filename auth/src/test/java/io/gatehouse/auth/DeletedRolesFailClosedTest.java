package io.gatehouse.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.auth.testing.AuthClient;
import io.gatehouse.auth.testing.PostgresTestResource;
import io.gatehouse.auth.testing.TestCluster;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.junit.jupiter.api.Test;


/**
 * The attack: a certificate names two roles, one of which only denies. Once that role is gone
 * (deleted, or unreadable), deciding with the remaining role would widen access; auth refuses.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
class DeletedRolesFailClosedTest {

    @Test
    void aCertificateWhoseDenyingRoleWasDeletedGetsNothingRatherThanMore() throws Exception {
        var created = TestCluster.admin().postYaml("/v1/resources", """
                kind: role
                version: v1
                metadata: {name: no-audit-delia}
                spec:
                  deny:
                    rules: [{resources: [event], verbs: ["*"]}]
                """);
        assertEquals(201, created.status(), created.body().toString());
        AuthClient delia = TestCluster.loginAs(TestCluster.signUp("delia", List.of("editor", "no-audit-delia"),
                List.of("delia")));
        assertEquals(403, delia.get("/v1/audit/events").status(), "the deny role holds");
        // The admin takes the role off delia and deletes it; her certificate still names it.
        var user = TestCluster.admin().get("/v1/resources/user/delia").body();
        var updated = TestCluster.admin().putYaml("/v1/resources", """
                kind: user
                version: v1
                metadata: {name: delia, revision: %d}
                spec:
                  roles: [editor]
                  traits: {logins: [delia]}
                """.formatted(user.path("metadata").path("revision").asLong()));
        assertEquals(200, updated.status(), updated.body().toString());
        var deleted = TestCluster.admin().delete("/v1/resources/role/no-audit-delia");
        assertEquals(204, deleted.status(), deleted.body().toString());

        var after = delia.get("/v1/audit/events");
        assertEquals(403, after.status(), "a missing role must not widen access: " + after.body());
        assertTrue(after.errorMessage().contains("role 'no-audit-delia' does not exist"), after.errorMessage());
    }
}
