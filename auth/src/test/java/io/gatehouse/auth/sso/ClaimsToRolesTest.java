package io.gatehouse.auth.sso;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.gatehouse.shared.resource.OidcConnectorSpec.ClaimMapping;
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
}
