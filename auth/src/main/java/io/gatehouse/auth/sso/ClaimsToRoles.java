package io.gatehouse.auth.sso;

import io.gatehouse.shared.rbac.LabelMatcher;
import io.gatehouse.shared.resource.OidcConnectorSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What an identity provider's claims mean here: roles (claims_to_roles) and traits for templates. */
public final class ClaimsToRoles {
    private ClaimsToRoles() {
    }

    /** Roles of every mapping whose claim has a value matching its pattern, in mapping order. */
    public static List<String> roles(List<OidcConnectorSpec.ClaimMapping> mappings, Map<String, Object> claims) {
        Set<String> out = new LinkedHashSet<>();
        for (OidcConnectorSpec.ClaimMapping m : mappings) {
            if (values(claims.get(m.claim())).stream().anyMatch(v -> LabelMatcher.valueMatches(m.value(), v))) {
                out.addAll(m.roles());
            }
        }
        return List.copyOf(out);
    }

    /**
     * Claims that are text or lists of text, as traits ({{external.groups}}); technical claims of
     * the token itself (issuer, audience, times, nonce...) are left out.
     */
    public static Map<String, List<String>> traits(Map<String, Object> claims) {
        Set<String> technical = Set.of("iss", "aud", "exp", "iat", "nbf", "auth_time", "nonce", "at_hash", "c_hash",
                "azp", "typ", "sid", "jti", "session_state", "acr", "amr");
        Map<String, List<String>> out = new LinkedHashMap<>();
        claims.forEach((name, value) -> {
            List<String> v = values(value);
            if (!technical.contains(name) && !v.isEmpty() && v.size() <= 200) {
                out.put(name, v);
            }
        });
        return out;
    }

    static List<String> values(Object claim) {
        List<String> out = new ArrayList<>();
        if (claim instanceof String s) {
            out.add(s);
        } else if (claim instanceof Boolean || claim instanceof Number) {
            out.add(String.valueOf(claim));
        } else if (claim instanceof List<?> list) {
            list.stream().filter(e -> e instanceof String).map(e -> (String) e).forEach(out::add);
        }
        return out;
    }
}
