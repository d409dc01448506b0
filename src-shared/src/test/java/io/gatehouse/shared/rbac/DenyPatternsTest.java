package io.gatehouse.shared.rbac;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.shared.resource.Resource;
import io.gatehouse.shared.resource.Resources;
import io.gatehouse.shared.resource.RoleSpec;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A deny rule with a pattern ("*", a glob, a regex) denies everything it matches, for every kind. */
class DenyPatternsTest {
    private static Resource<RoleSpec> role(String name, String spec) {
        return Resources.parseYaml("kind: role\nversion: v1\nmetadata: {name: " + name + "}\nspec:\n"
                + spec.indent(2), "test").get(0).as(RoleSpec.class);
    }

    private static final Resource<RoleSpec> GENEROUS = role("generous", """
            allow:
              logins: [root, admin, ubuntu, "{{internal.logins}}"]
              node_labels: {"*": "*"}
              desktop_logins: [Administrator, developer]
              desktop_labels: {"*": "*"}
              db_labels: {"*": "*"}
              db_users: ["*"]
              db_names: ["*"]
              app_labels: {"*": "*"}
              kube_labels: {"*": "*"}
              kube_groups: [system:masters, viewers]
              request: {roles: [prod-access, audit]}
              review_requests: {roles: [prod-access]}
            """);

    private static AccessChecker with(String denySpec) {
        return AccessChecker.of(List.of(GENEROUS, role("lockdown", denySpec)), Traits.of(Map.of("logins",
                List.of("alice"))));
    }

    @Test
    void theGenerousRoleAloneAllowsEverythingTheTestsDeny() {
        AccessChecker c = AccessChecker.of(List.of(GENEROUS), Traits.of(Map.of("logins", List.of("alice"))));
        assertTrue(c.checkNode("n", Map.of("env", "prod"), "root").allowed());
        assertTrue(c.checkDesktop("d", Map.of(), "Administrator").allowed());
        assertTrue(c.checkDatabase("pg", Map.of(), "postgres", "orders").allowed());
        assertEquals(Set.of("root", "admin", "ubuntu", "alice"), c.allowedLogins());
    }

    @Test
    void aWildcardDenyOnLoginsDeniesEveryLoginAndEveryPrincipal() {
        AccessChecker c = with("deny: {logins: [\"*\"], desktop_logins: [\"*\"]}");
        for (String login : List.of("root", "admin", "ubuntu", "alice")) {
            Decision d = c.checkNode("n", Map.of(), login);
            assertFalse(d.allowed(), login);
            assertEquals("role 'lockdown' denies login '" + login + "' on node 'n'", d.reason());
        }
        assertFalse(c.checkDesktop("d", Map.of(), "developer").allowed());
        assertEquals(Set.of(), c.allowedLogins(), "no certificate principal survives");
        assertEquals(Set.of(), c.allowedDesktopLogins());
    }

    @Test
    void globAndRegexDenyPatternsOnLoginsDenyWhatTheyMatch() {
        AccessChecker c = with("deny: {logins: [\"ad*\", \"^r..t$\"], desktop_logins: [\"^Admin.*$\"]}");
        assertFalse(c.checkNode("n", Map.of(), "admin").allowed());
        assertFalse(c.checkNode("n", Map.of(), "root").allowed());
        assertTrue(c.checkNode("n", Map.of(), "ubuntu").allowed());
        assertEquals(Set.of("ubuntu", "alice"), c.allowedLogins());
        assertFalse(c.checkDesktop("d", Map.of(), "Administrator").allowed());
        assertTrue(c.checkDesktop("d", Map.of(), "developer").allowed());
        assertEquals(Set.of("developer"), c.allowedDesktopLogins());
    }

    @Test
    void aWildcardLabelDenyDeniesEveryNodeDesktopDatabaseAppAndCluster() {
        AccessChecker c = with("""
                deny:
                  node_labels: {"*": "*"}
                  desktop_labels: {"*": "*"}
                  db_labels: {"*": "*"}
                  app_labels: {"*": "*"}
                  kube_labels: {"*": "*"}
                """);
        assertFalse(c.checkNode("n", Map.of(), "ubuntu").allowed());
        assertFalse(c.checkNode("n", Map.of("env", "dev"), "ubuntu").allowed());
        assertFalse(c.checkDesktop("d", Map.of(), "developer").allowed());
        assertFalse(c.checkDatabase("pg", Map.of(), "postgres", "orders").allowed());
        assertFalse(c.checkApp("grafana", Map.of()).allowed());
        assertFalse(c.checkKube("k8s", Map.of()).allowed());
    }

    @Test
    void globAndRegexLabelDeniesDenyOnlyWhatTheyMatch() {
        AccessChecker c = with("deny: {node_labels: {env: [\"prod*\", \"^stag.*$\"]}}");
        assertFalse(c.checkNode("n", Map.of("env", "production"), "ubuntu").allowed());
        assertFalse(c.checkNode("n", Map.of("env", "staging"), "ubuntu").allowed());
        assertTrue(c.checkNode("n", Map.of("env", "dev"), "ubuntu").allowed());
    }

    @Test
    void databaseUserAndNameDenyPatternsDenyWhatTheyMatch() {
        AccessChecker all = with("deny: {db_users: [\"*\"]}");
        assertFalse(all.checkDatabase("pg", Map.of(), "reader", "orders").allowed());
        AccessChecker some = with("deny: {db_users: [\"^post.*$\"], db_names: [\"secret*\"]}");
        assertFalse(some.checkDatabase("pg", Map.of(), "postgres", "orders").allowed());
        assertFalse(some.checkDatabase("pg", Map.of(), "reader", "secrets").allowed());
        assertTrue(some.checkDatabase("pg", Map.of(), "reader", "orders").allowed());
    }

    @Test
    void aWildcardDenyOnRequestReviewAndKubeGroupsRemovesThemAll() {
        AccessChecker c = with("""
                deny:
                  request: {roles: ["*"]}
                  review_requests: {roles: ["prod-*"]}
                  kube_groups: ["^system:.*$"]
                """);
        assertEquals(Set.of(), c.requestableRoles());
        assertEquals(Set.of(), c.reviewableRoles());
        assertEquals(Set.of("viewers"), c.kubeGroups());
    }

    @Test
    void rolesThatCouldNotBeFetchedRefuseEverythingWithTheReason() {
        AccessChecker c = AccessChecker.refusing("role 'gone' of alice no longer exists");
        assertEquals(new Decision(false, "role 'gone' of alice no longer exists"), c.checkNode("n", Map.of(),
                "root"));
        assertFalse(c.checkDesktop("d", Map.of(), "x").allowed());
        assertFalse(c.checkDatabase("pg", Map.of(), "u", "d").allowed());
        assertFalse(c.checkApp("a", Map.of()).allowed());
        assertFalse(c.checkKube("k", Map.of()).allowed());
        assertFalse(c.checkResource("role", "list").allowed());
        assertTrue(c.allowedLogins().isEmpty());
        assertFalse(c.permitPortForwarding());
        assertFalse(c.permitPty());
        assertTrue(c.refusal().isPresent());
    }
}
