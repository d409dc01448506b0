package io.gatehouse.proxy.db;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gatehouse.proxy.inventory.ResourceView;
import io.gatehouse.shared.rbac.AccessChecker;
import io.gatehouse.shared.rbac.Traits;
import io.gatehouse.shared.resource.Resources;
import io.gatehouse.shared.resource.RoleSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the listing shows as a database's "logins": the database users the roles allow there. */
class DbResourcesTest {
    private static AccessChecker roles(String... yaml) {
        return AccessChecker.of(java.util.Arrays.stream(yaml).map(y -> Resources.parseYaml(y, "test").get(0)
                .as(RoleSpec.class)).toList(), Traits.of(Map.of("db_users", List.of("alice_ro"))));
    }

    private static final String DEV = """
            kind: role
            version: v1
            metadata: {name: dev}
            spec:
              allow:
                db_labels: {env: dev}
                db_users: [app, "{{internal.db_users}}", postgres]
                db_names: [orders]
              deny:
                db_users: [postgres]
            """;

    @Test
    void theUsersTheRolesAllowOnAMatchingDatabaseAreListedTraitsExpandedDeniedOnesNot() {
        assertEquals(List.of("alice_ro", "app"), DbResources.dbUsers("orders-db", Map.of("env", "dev"), roles(DEV)));
    }

    @Test
    void aDatabaseOutsideTheRolesLabelsListsNoUserSoItIsNotShown() {
        assertEquals(List.of(), DbResources.dbUsers("prod-db", Map.of("env", "prod"), roles(DEV)));
    }

    @Test
    void rolesWithoutDatabaseNamesGiveNoUser() {
        String noNames = DEV.replace("db_names: [orders]", "db_names: []");
        assertEquals(List.of(), DbResources.dbUsers("orders-db", Map.of("env", "dev"), roles(noNames)));
    }

    @Test
    void aPasswordOnlyDatabaseListsItsOneUserAndOnlyIfTheRolesAllowIt() {
        DbResources view = new DbResources(null);
        var reporterDb = new ResourceView.Candidate<>("reports-db", Map.of("env", "dev"), true,
                new DbResources.DbFields("mysql", "app"));
        assertEquals(List.of("app"), view.logins(reporterDb, null, roles(DEV)));
        var otherUser = new ResourceView.Candidate<>("reports-db", Map.of("env", "dev"), true,
                new DbResources.DbFields("mysql", "reporter"));
        assertEquals(List.of(), view.logins(otherUser, null, roles(DEV)), "the roles do not allow 'reporter'");
        var byCertificate = new ResourceView.Candidate<>("orders-db", Map.of("env", "dev"), true,
                new DbResources.DbFields("postgres", ""));
        assertEquals(List.of("alice_ro", "app"), view.logins(byCertificate, null, roles(DEV)));
    }
}
