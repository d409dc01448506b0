package io.gatehouse.shared.rbac;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.shared.resource.Resource;
import io.gatehouse.shared.resource.Resources;
import io.gatehouse.shared.resource.RoleSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AccessCheckerTest {
    private static Resource<RoleSpec> role(String yaml) {
        return Resources.parseYaml(yaml, "test").get(0).as(RoleSpec.class);
    }

    private static final Resource<RoleSpec> DEV = role("""
            kind: role
            version: v1
            metadata: {name: dev}
            spec:
              allow:
                logins: [ubuntu, "{{internal.logins}}"]
                node_labels: {env: [staging, dev]}
                db_labels: {env: staging}
                db_users: [reader]
                db_names: ["*"]
                rules: [{resources: [role], verbs: [list, read]}]
                request: {roles: [prod-access]}
              options: {max_session_ttl: 8h}
            """);
    private static final Resource<RoleSpec> NO_PROD = role("""
            kind: role
            version: v1
            metadata: {name: no-prod}
            spec:
              allow:
                logins: [root]
                node_labels: {"*": "*"}
              deny:
                node_labels: {env: prod}
                logins: [root]
                db_names: [secrets]
                rules: [{resources: ["*"], verbs: [delete]}]
              options: {max_session_ttl: 2h, port_forwarding: false}
            """);

    private final AccessChecker checker = AccessChecker.of(List.of(DEV, NO_PROD),
            Traits.of(Map.of("logins", List.of("alice"))));

    @Test
    void aLoginFromATemplateIsAllowedOnMatchingNodes() {
        assertTrue(checker.checkNode("web-1", Map.of("env", "dev"), "alice").allowed());
        assertTrue(checker.checkNode("web-1", Map.of("env", "staging"), "ubuntu").allowed());
    }

    @Test
    void aLoginNoRoleGrantsIsRefusedWithAReason() {
        Decision d = checker.checkNode("web-1", Map.of("env", "dev"), "postgres");
        assertFalse(d.allowed());
        assertEquals("no role allows login 'postgres' on node 'web-1'", d.reason());
    }

    @Test
    void denyBeatsAllowForNodesAndLogins() {
        Decision prod = checker.checkNode("db-1", Map.of("env", "prod"), "alice");
        assertFalse(prod.allowed());
        assertTrue(prod.reason().contains("role 'no-prod' denies"), prod.reason());
        assertFalse(checker.checkNode("web-1", Map.of("env", "dev"), "root").allowed(), "root is denied by no-prod");
        assertFalse(checker.allowedLogins().contains("root"));
        assertEquals(Set.of("ubuntu", "alice"), checker.allowedLogins());
    }

    @Test
    void databaseUsersAndNamesAreCheckedWithDenies() {
        assertTrue(checker.checkDatabase("pg", Map.of("env", "staging"), "reader", "orders").allowed());
        assertFalse(checker.checkDatabase("pg", Map.of("env", "staging"), "admin", "orders").allowed());
        assertFalse(checker.checkDatabase("pg", Map.of("env", "staging"), "reader", "secrets").allowed());
        assertFalse(checker.checkDatabase("pg", Map.of("env", "prod"), "reader", "orders").allowed());
    }

    @Test
    void apiRulesAllowListedVerbsAndDenyWins() {
        assertTrue(checker.checkResource("role", "list").allowed());
        assertFalse(checker.checkResource("role", "create").allowed());
        assertFalse(checker.checkResource("role", "delete").allowed());
        assertFalse(checker.checkResource("user", "list").allowed());
    }

    @Test
    void theShortestMaxSessionTtlWinsAndPermissionsNeedEveryRole() {
        assertEquals(Duration.ofHours(2), checker.maxSessionTtl());
        assertEquals(Duration.ofHours(2), checker.capTtl(Duration.ofHours(12)));
        assertEquals(Duration.ofHours(1), checker.capTtl(Duration.ofHours(1)));
        assertFalse(checker.permitPortForwarding(), "one role turning it off turns it off");
        assertTrue(checker.permitPty());
    }

    @Test
    void noRolesMeansNoAccess() {
        AccessChecker none = AccessChecker.of(List.of(), Traits.EMPTY);
        assertFalse(none.checkNode("x", Map.of(), "root").allowed());
        assertFalse(none.checkResource("role", "list").allowed());
        assertTrue(none.allowedLogins().isEmpty());
    }

    @Test
    void presetRolesAreValidResources() {
        for (Resource<RoleSpec> preset : AccessChecker.presetRoles()) {
            Resources.validate(preset);
        }
        AccessChecker editor = AccessChecker.of(AccessChecker.presetRoles().stream()
                .filter(r -> r.name().equals("editor")).toList(), Traits.EMPTY);
        assertTrue(editor.checkResource("token", "create").allowed());
        assertEquals(Set.of("prod-access"), checker.requestableRoles());
    }
}
