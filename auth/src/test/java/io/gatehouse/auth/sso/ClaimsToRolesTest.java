package io.gatehouse.auth.sso;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.gatehouse.shared.resource.OidcConnectorSpec.ClaimMapping;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClaimsToRolesTest {
    private static final List<ClaimMapping> MAP = List.of(
            new ClaimMapping("groups", "developers", List.of("dev")),
            new ClaimMapping("groups", "lead*", List.of("lead", "dev")),
            new ClaimMapping("email", "^.*@ops\\.example$", List.of("ops")));

    @Test
    void everyMatchingMappingAddsItsRolesOnce() {
        assertEquals(List.of("dev"), ClaimsToRoles.roles(MAP, Map.of("groups", List.of("developers"))));
        assertEquals(List.of("dev", "lead"), ClaimsToRoles.roles(MAP, Map.of("groups", List.of("developers",
                "leads"))));
        assertEquals(List.of("ops"), ClaimsToRoles.roles(MAP, Map.of("email", "kim@ops.example")));
        assertEquals(List.of(), ClaimsToRoles.roles(MAP, Map.of("groups", List.of("sales"), "email",
                "kim@ops.example.evil")));
        assertEquals(List.of(), ClaimsToRoles.roles(MAP, Map.of()));
    }

    @Test
    void traitsKeepTextClaimsButNotTheTokensOwn() {
        var traits = ClaimsToRoles.traits(Map.of("groups", List.of("developers"), "email", "a@b.c", "nonce", "n",
                "exp", 5L, "address", Map.of("street", "x")));
        assertEquals(List.of("developers"), traits.get("groups"));
        assertEquals(List.of("a@b.c"), traits.get("email"));
        assertFalse(traits.containsKey("nonce") || traits.containsKey("exp") || traits.containsKey("address"));
    }

    @Test
    void aClaimOfStarOrRegexTextMatchesOnlyMappingsThatWouldMatchThatText() {
        assertEquals(List.of(), ClaimsToRoles.roles(MAP, Map.of("groups", List.of("*", "^.*$", "^lead.*$"))));
        assertEquals(List.of(), ClaimsToRoles.roles(MAP, Map.of("email", "*")));
    }

    /** An admin's backtracking regex against a long claim the user controls is cut off, mapping nothing. */
    @Test
    void aCatastrophicMappingRegexAgainstALongClaimAnswersInBoundedTime() {
        var mappings = List.of(new ClaimMapping("name", "^(.*a){12}$", List.of("dev")),
                new ClaimMapping("name", "^(a+)+$", List.of("ops")));
        String claim = "a".repeat(10_000) + "!";
        assertTimeoutPreemptively(Duration.ofSeconds(3), () -> assertEquals(List.of(), ClaimsToRoles.roles(mappings,
                Map.of("name", claim))));
    }
}
