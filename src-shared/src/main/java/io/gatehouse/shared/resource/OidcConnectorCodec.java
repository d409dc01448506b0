package io.gatehouse.shared.resource;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;

/** YAML of kind oidc_connector, checked field by field so an admin learns every mistake at once. */
final class OidcConnectorCodec {
    private OidcConnectorCodec() {
    }

    static OidcConnectorSpec read(Node node, NodeReader r) {
        Map<String, Node> m = r.mapping(node, "spec", Set.of("issuer_url", "client_id", "client_secret",
                "redirect_url", "scopes", "claims_to_roles", "display", "username_claim"));
        String issuer = r.required(m, "issuer_url", "spec.issuer_url", node);
        url(issuer, "spec.issuer_url", m.get("issuer_url"), r, false);
        String redirect = r.required(m, "redirect_url", "spec.redirect_url", node);
        url(redirect, "spec.redirect_url", m.get("redirect_url"), r, true);
        List<String> scopes = new ArrayList<>(r.strings(m.get("scopes"), "spec.scopes"));
        if (scopes.isEmpty()) {
            scopes.addAll(OidcConnectorSpec.DEFAULT_SCOPES);
        } else if (!scopes.contains("openid")) {
            scopes.add(0, "openid");
        }
        List<OidcConnectorSpec.ClaimMapping> mappings = new ArrayList<>();
        Node list = m.get("claims_to_roles");
        if (list instanceof SequenceNode seq) {
            for (int i = 0; i < seq.getValue().size(); i++) {
                String f = "spec.claims_to_roles[" + i + "]";
                Node item = seq.getValue().get(i);
                Map<String, Node> c = r.mapping(item, f, Set.of("claim", "value", "roles"));
                String claim = r.required(c, "claim", f + ".claim", item);
                String value = r.required(c, "value", f + ".value", item);
                try {
                    ValueSyntax.validatePattern(value);
                } catch (IllegalArgumentException e) {
                    r.problem(f + ".value", c.get("value"), e.getMessage());
                }
                List<String> roles = r.strings(c.get("roles"), f + ".roles");
                if (roles.isEmpty()) {
                    r.problem(f + ".roles", item, "name the roles this claim value gives, e.g. [dev]");
                }
                mappings.add(new OidcConnectorSpec.ClaimMapping(claim, value, roles));
            }
        }
        if (mappings.isEmpty()) {
            r.problem("spec.claims_to_roles", node, "map at least one claim value to roles, e.g. "
                    + "[{claim: groups, value: developers, roles: [dev]}]; users with no role cannot log in");
        }
        return new OidcConnectorSpec(issuer, r.required(m, "client_id", "spec.client_id", node),
                r.required(m, "client_secret", "spec.client_secret", node), redirect, scopes, mappings,
                r.string(m.get("display"), "spec.display").orElse(""),
                r.string(m.get("username_claim"), "spec.username_claim").orElse("preferred_username"));
    }

    static Map<String, Object> write(OidcConnectorSpec o) {
        List<Map<String, Object>> mappings = o.claimsToRoles().stream().map(c -> SpecCodecs.ordered("claim",
                c.claim(), "value", c.value(), "roles", c.roles())).toList();
        return SpecCodecs.ordered("issuer_url", o.issuerUrl(), "client_id", o.clientId(), "client_secret",
                o.clientSecret(), "redirect_url", o.redirectUrl(), "scopes", o.scopes(), "claims_to_roles", mappings,
                "display", o.display(), "username_claim", o.usernameClaim());
    }

    /** https, or http to a loopback address (a local test IdP); the redirect must be https (the proxy). */
    private static void url(String text, String field, Node node, NodeReader r, boolean httpsOnly) {
        if (text == null || text.isBlank()) {
            return;
        }
        try {
            URI u = new URI(text);
            String host = u.getHost() == null ? "" : u.getHost();
            boolean loopback = host.equals("127.0.0.1") || host.equals("localhost") || host.equals("[::1]");
            boolean ok = "https".equals(u.getScheme()) || (!httpsOnly && "http".equals(u.getScheme()) && loopback);
            if (!ok || host.isEmpty() || u.getRawQuery() != null || u.getRawFragment() != null) {
                r.problem(field, node, "'" + text + "' must be an https:// URL without query or fragment"
                        + (httpsOnly ? "" : " (http:// only for a loopback test provider)"));
            }
        } catch (java.net.URISyntaxException e) {
            r.problem(field, node, "'" + text + "' is not a URL: " + e.getReason());
        }
    }
}
