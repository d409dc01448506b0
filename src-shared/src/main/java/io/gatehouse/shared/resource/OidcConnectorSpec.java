package io.gatehouse.shared.resource;

import java.util.List;

/**
 * An OIDC identity provider users log in with (kind oidc_connector). {@code clientSecret} is
 * stored sealed by auth and shown as {@link #HIDDEN} to everyone; only proxies receive it.
 * {@code claimsToRoles}: a user gets the roles of every mapping whose claim has a matching value
 * (glob, or ^regex$); a user whose claims map to no role cannot log in.
 */
public record OidcConnectorSpec(String issuerUrl, String clientId, String clientSecret, String redirectUrl,
        List<String> scopes, List<ClaimMapping> claimsToRoles, String display, String usernameClaim) implements Spec {
    public static final String HIDDEN = "<hidden>";
    public static final List<String> DEFAULT_SCOPES = List.of("openid", "profile", "email");

    public OidcConnectorSpec {
        scopes = List.copyOf(scopes);
        claimsToRoles = List.copyOf(claimsToRoles);
    }

    public OidcConnectorSpec withClientSecret(String secret) {
        return new OidcConnectorSpec(issuerUrl, clientId, secret, redirectUrl, scopes, claimsToRoles, display,
                usernameClaim);
    }

    /** One line of claims_to_roles: {claim: groups, value: developers, roles: [dev]}. */
    public record ClaimMapping(String claim, String value, List<String> roles) {
        public ClaimMapping {
            roles = List.copyOf(roles);
        }
    }
}
