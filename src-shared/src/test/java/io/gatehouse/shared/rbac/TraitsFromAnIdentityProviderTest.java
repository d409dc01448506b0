package io.gatehouse.shared.rbac;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.shared.resource.Resource;
import io.gatehouse.shared.resource.Resources;
import io.gatehouse.shared.resource.RoleSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What an attacker who controls an SSO claim (a group name, a username, a team) can get out of a
 * role that splices it in: nothing but the literal value. Claims such as "*", "^.*$" and
 * "^(a+)+$" are matched as text, wherever the template stands.
 */
class TraitsFromAnIdentityProviderTest {
    private static final String LONG_A = "a".repeat(10_000) + "!";

    private static Resource<RoleSpec> role(String spec) {
        return Resources.parseYaml("kind: role\nversion: v1\nmetadata: {name: sso}\nspec:\n" + spec.indent(2), "test")
                .get(0).as(RoleSpec.class);
    }

    private static AccessChecker checker(String spec, String claim, String... values) {
        return AccessChecker.of(List.of(role(spec)), Traits.of(Map.of(claim, List.of(values))));
    }

    private static final String TEAM_NODES = """
            allow:
              logins: [ubuntu]
              node_labels: {team: "{{external.team}}"}
            """;

    @Test
    void aStarClaimInALabelSelectorMatchesOnlyALabelThatIsAStar() {
        AccessChecker c = checker(TEAM_NODES, "team", "*");
        assertFalse(c.checkNode("db-1", Map.of("team", "payments"), "ubuntu").allowed());
        assertTrue(c.checkNode("odd", Map.of("team", "*"), "ubuntu").allowed());
    }

    @Test
    void aRegexClaimInALabelSelectorMatchesOnlyItsOwnText() {
        AccessChecker c = checker(TEAM_NODES, "team", "^.*$");
        assertFalse(c.checkNode("db-1", Map.of("team", "payments"), "ubuntu").allowed());
        assertFalse(c.checkNode("db-1", Map.of("team", ""), "ubuntu").allowed());
        assertTrue(c.checkNode("odd", Map.of("team", "^.*$"), "ubuntu").allowed());
    }

    @Test
    void aStarClaimUnderTheWildcardKeyIsNoWildcard() {
        AccessChecker c = checker("""
                allow:
                  logins: [ubuntu]
                  node_labels: {"*": "{{external.team}}"}
                """, "team", "*");
        assertFalse(c.checkNode("db-1", Map.of(), "ubuntu").allowed());
        assertFalse(c.checkNode("db-1", Map.of("team", "*"), "ubuntu").allowed());
    }

    @Test
    void aClaimInsideAnAdminsRegexIsQuoted() {
        String spec = """
                allow:
                  logins: [ubuntu]
                  node_labels: {host: "^{{external.team}}-[0-9]+$"}
                """;
        assertTrue(checker(spec, "team", "web").checkNode("n", Map.of("host", "web-12"), "ubuntu").allowed(),
                "the admin's regex around the trait still works");
        AccessChecker c = checker(spec, "team", ".*");
        assertFalse(c.checkNode("n", Map.of("host", "prod-1"), "ubuntu").allowed());
        assertTrue(c.checkNode("n", Map.of("host", ".*-1"), "ubuntu").allowed());
        assertFalse(checker(spec, "team", "x)|(.*").checkNode("n", Map.of("host", "prod"), "ubuntu").allowed(),
                "a claim cannot close the admin's group and open its own");
    }

    @Test
    void aClaimInsideAnAdminsGlobIsLiteralWhileTheAdminsStarStaysAWildcard() {
        String spec = """
                allow:
                  logins: [ubuntu]
                  node_labels: {host: "{{external.team}}-*"}
                """;
        assertTrue(checker(spec, "team", "web").checkNode("n", Map.of("host", "web-eu-1"), "ubuntu").allowed());
        AccessChecker c = checker(spec, "team", "*");
        assertFalse(c.checkNode("n", Map.of("host", "prod-1"), "ubuntu").allowed());
        assertTrue(c.checkNode("n", Map.of("host", "*-1"), "ubuntu").allowed());
    }

    @Test
    void aStarOrRegexClaimAsALoginIsOnlyThatLogin() {
        String spec = """
                allow:
                  logins: ["{{external.username}}"]
                  node_labels: {"*": "*"}
                  desktop_logins: ["{{external.username}}"]
                  desktop_labels: {"*": "*"}
                """;
        AccessChecker c = checker(spec, "username", "*", "^.*$");
        assertFalse(c.checkNode("n", Map.of(), "root").allowed());
        assertFalse(c.checkDesktop("d", Map.of(), "Administrator").allowed());
        assertTrue(c.checkNode("n", Map.of(), "*").allowed(), "the literal text, as a login, is all it names");
        assertEquals(Set.of("*", "^.*$"), c.allowedLogins());
    }

    @Test
    void aStarClaimAsADatabaseUserOrNameGrantsOnlyThatName() {
        AccessChecker c = checker("""
                allow:
                  db_labels: {"*": "*"}
                  db_users: ["{{external.db}}"]
                  db_names: ["{{external.db}}", "app-{{external.db}}"]
                """, "db", "*");
        assertFalse(c.checkDatabase("pg", Map.of(), "postgres", "*").allowed());
        assertFalse(c.checkDatabase("pg", Map.of(), "*", "orders").allowed());
        assertFalse(c.checkDatabase("pg", Map.of(), "*", "app-orders").allowed());
        assertTrue(c.checkDatabase("pg", Map.of(), "*", "app-*").allowed());
    }

    @Test
    void aCatastrophicRegexClaimIsPlainTextAndAnswersAtOnce() {
        AccessChecker c = checker(TEAM_NODES, "team", "^(a+)+$");
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
            assertFalse(c.checkNode("n", Map.of("team", LONG_A), "ubuntu").allowed());
            assertFalse(c.checkNode("n", Map.of("team", "aaaa"), "ubuntu").allowed());
        });
        assertTrue(c.checkNode("n", Map.of("team", "^(a+)+$"), "ubuntu").allowed());
    }

    /**
     * The admin's own backtracking regex against a long value the attacker supplies (a label, a
     * database name): it is cut off in bounded time and, undecided, grants nothing but denies.
     */
    @Test
    void anAdminsCatastrophicRegexAgainstALongValueEndsInBoundedTimeAndFailsClosed() {
        for (String regex : List.of("^(a+)+$", "^(.*a){12}$", "^(a|a)*$")) {
            String spec = """
                    allow:
                      logins: [ubuntu]
                      node_labels: {"*": "*"}
                      db_labels: {"*": "*"}
                      db_users: ["%1$s"]
                      db_names: ["*"]
                    deny:
                      node_labels: {host: "%1$s"}
                    """.formatted(regex);
            AccessChecker c = AccessChecker.of(List.of(role(spec)), Traits.EMPTY);
            assertTimeoutPreemptively(Duration.ofSeconds(3), () -> {
                assertFalse(c.checkDatabase("pg", Map.of(), LONG_A, "orders").allowed(), regex + " grants");
                assertFalse(c.checkNode("n", Map.of("host", LONG_A), "ubuntu").allowed(), regex + " denies");
            }, regex);
            assertTrue(c.checkDatabase("pg", Map.of(), "a".repeat(12), "orders").allowed(), regex + " still works");
            assertTrue(c.checkNode("n", Map.of("host", "web"), "ubuntu").allowed(), regex + " deny still precise");
        }
    }

    @Test
    void aLinearRegexStillDecidesOnALongValue() {
        assertTrue(LabelMatcher.valueMatches("^a+!$", LONG_A));
        assertTrue(LabelMatcher.valueMatches("^[a-z]*.$", LONG_A));
    }
}
