package io.gatehouse.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.auth.testing.AuthClient;
import io.gatehouse.auth.testing.PostgresTestResource;
import io.gatehouse.auth.testing.TestCluster;
import io.gatehouse.shared.api.CreateTokenRequest;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
class AdminResourcesTest {
    private static final String DEV_ROLE = """
            kind: role
            version: v1
            metadata:
              name: %s
              labels: {team: payments}
            spec:
              allow:
                logins: [ubuntu, "{{internal.logins}}"]
                node_labels: {env: [staging, dev]}
              deny:
                node_labels: {env: prod}
              options:
                max_session_ttl: 8h
            """;

    @Test
    void aRoleCreatedFromYamlCanBeReadBackWithItsRevision() throws Exception {
        AuthClient admin = TestCluster.admin();
        var created = admin.postYaml("/v1/resources", DEV_ROLE.formatted("dev"));
        assertEquals(201, created.status(), created.body().toString());
        var read = admin.get("/v1/resources/role/dev");
        assertEquals(200, read.status());
        assertEquals("dev", read.body().path("metadata").path("name").asText());
        assertEquals(1, read.body().path("metadata").path("revision").asLong());
        assertEquals("8h", read.body().path("spec").path("options").path("max_session_ttl").asText());

        var again = admin.postYaml("/v1/resources", DEV_ROLE.formatted("dev"));
        assertEquals(409, again.status());
        assertEquals("already_exists", again.errorCode());

        var updated = admin.putYaml("/v1/resources", DEV_ROLE.formatted("dev").replace("8h", "4h"));
        assertEquals(200, updated.status(), updated.body().toString());
        assertEquals(2, admin.get("/v1/resources/role/dev").body().path("metadata").path("revision").asLong());
    }

    @Test
    void malformedYamlIsRejectedWithItsLineAndNothingIsStored() throws Exception {
        AuthClient admin = TestCluster.admin();
        var r = admin.postYaml("/v1/resources", "kind: role\nversion: v1\nmetadata:\n  name: broken\nspec: [unclosed\n");
        assertEquals(400, r.status());
        assertEquals("invalid", r.errorCode());
        assertTrue(r.body().path("error").path("problems").get(0).path("line").asInt() > 0, r.body().toString());
        assertEquals(404, admin.get("/v1/resources/role/broken").status());
    }

    @Test
    void anUnknownKindIsRejectedByName() throws Exception {
        var r = TestCluster.admin().postYaml("/v1/resources", "kind: spaceship\nversion: v1\nmetadata:\n  name: x\n");
        assertEquals(400, r.status());
        assertTrue(r.body().toString().contains("spaceship"), r.body().toString());
    }

    @Test
    void anInvalidLabelRegexNamesTheFieldAndLine() throws Exception {
        String yaml = DEV_ROLE.formatted("badregex").replace("{env: prod}", "{env: '^(prod$'}");
        var r = TestCluster.admin().postYaml("/v1/resources", yaml);
        assertEquals(400, r.status());
        var problem = r.body().path("error").path("problems").get(0);
        assertTrue(problem.path("field").asText().contains("deny.node_labels.env"), problem.toString());
        assertEquals(11, problem.path("line").asInt(), problem.toString());
    }

    @Test
    void anOverLongMaxSessionTtlIsRejected() throws Exception {
        var r = TestCluster.admin().postYaml("/v1/resources", DEV_ROLE.formatted("forever").replace("8h", "10000h"));
        assertEquals(400, r.status());
        assertTrue(r.body().toString().contains("max_session_ttl"), r.body().toString());
    }

    @Test
    void aMultiDocumentCreateIsAllOrNothing() throws Exception {
        AuthClient admin = TestCluster.admin();
        assertEquals(201, admin.postYaml("/v1/resources", DEV_ROLE.formatted("first")).status());
        String both = DEV_ROLE.formatted("second") + "---\n" + DEV_ROLE.formatted("first");
        var r = admin.postYaml("/v1/resources", both);
        assertEquals(409, r.status());
        assertEquals(404, admin.get("/v1/resources/role/second").status(), "the first document was rolled back");
    }

    @Test
    void aRoleAssignedToAUserCannotBeDeleted() throws Exception {
        AuthClient admin = TestCluster.admin();
        assertEquals(201, admin.postYaml("/v1/resources", DEV_ROLE.formatted("ops")).status());
        var user = admin.postJson("/v1/users", new io.gatehouse.shared.api.CreateUserRequest("frank",
                List.of("ops"), List.of("frank"), java.util.Map.of()));
        assertEquals(201, user.status(), user.body().toString());
        var r = admin.delete("/v1/resources/role/ops");
        assertEquals(409, r.status());
        assertTrue(r.errorMessage().contains("frank"), r.errorMessage());
        assertEquals(200, admin.get("/v1/resources/role/ops").status());
    }

    @Test
    void aUserNamingAMissingRoleIsRefused() throws Exception {
        var r = TestCluster.admin().postJson("/v1/users", new io.gatehouse.shared.api.CreateUserRequest("gina",
                List.of("no-such-role"), List.of(), java.util.Map.of()));
        assertEquals(400, r.status());
        assertTrue(r.errorMessage().contains("no-such-role"), r.errorMessage());
        assertEquals(404, TestCluster.admin().get("/v1/resources/user/gina").status());
    }

    @Test
    void joinTokensAreListedWithoutTheirSecretAndCanBeDeleted() throws Exception {
        AuthClient admin = TestCluster.admin();
        var created = admin.postJson("/v1/tokens", new CreateTokenRequest(List.of("node"), "1h", 1));
        assertEquals(201, created.status(), created.body().toString());
        String secret = created.body().path("token").asText();
        String id = created.body().path("id").asText();
        var list = admin.get("/v1/resources/token");
        assertTrue(list.body().toString().contains(id));
        assertFalse(list.body().toString().contains(secret), "the secret never appears in listings");
        assertEquals(204, admin.delete("/v1/resources/token/" + id).status());
        assertEquals(404, admin.get("/v1/resources/token/" + id).status());
    }

    @Test
    void aTokenWithAnUnknownSystemRoleIsRefused() throws Exception {
        var r = TestCluster.admin().postJson("/v1/tokens", new CreateTokenRequest(List.of("superuser"), "1h", null));
        assertEquals(400, r.status());
        assertTrue(r.errorMessage().contains("superuser"));
    }

    @Test
    void adminActionsAreAudited() throws Exception {
        AuthClient admin = TestCluster.admin();
        assertEquals(201, admin.postYaml("/v1/resources", DEV_ROLE.formatted("audited")).status());
        var events = admin.get("/v1/audit/events?type=role.create");
        assertTrue(events.body().toString().contains("role/audited"), events.body().toString());
    }

    @Test
    void theAuditLogCannotBeRewrittenEvenBySql() throws Exception {
        // The table's trigger refuses UPDATE and DELETE for everyone, the auth service included.
        String url = "jdbc:postgresql://" + PostgresTestResource.host() + ":" + PostgresTestResource.port() + "/"
                + org.eclipse.microprofile.config.ConfigProvider.getConfig().getValue("gatehouse.storage.database",
                        String.class);
        try (var c = PostgresTestResource.connect(url); var st = c.createStatement()) {
            var e = org.junit.jupiter.api.Assertions.assertThrows(java.sql.SQLException.class,
                    () -> st.executeUpdate("DELETE FROM audit_events"));
            assertTrue(e.getMessage().contains("append-only"), e.getMessage());
        }
    }
}
