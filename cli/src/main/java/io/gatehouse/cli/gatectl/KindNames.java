package io.gatehouse.cli.gatectl;

import io.gatehouse.cli.apiclient.CliException;
import io.gatehouse.cli.apiclient.ExitCodes;
import io.gatehouse.shared.resource.Kind;
import java.util.Arrays;
import java.util.Map;

/** Accepts what people type: plurals and short forms of kind names. */
final class KindNames {
    private static final Map<String, String> ALIASES = Map.ofEntries(Map.entry("users", "user"),
            Map.entry("roles", "role"), Map.entry("tokens", "token"), Map.entry("nodes", "node"),
            Map.entry("cas", "cert_authority"), Map.entry("cert_authorities", "cert_authority"),
            Map.entry("ca", "cert_authority"), Map.entry("oidc_connectors", "oidc_connector"),
            Map.entry("connectors", "oidc_connector"), Map.entry("oidc", "oidc_connector"),
            Map.entry("desktops", "desktop"), Map.entry("windows_desktops", "desktop"),
            Map.entry("dbs", "db"), Map.entry("databases", "db"), Map.entry("database", "db"),
            Map.entry("apps", "app"), Map.entry("applications", "app"));

    private KindNames() {
    }

    static Kind resolve(String typed) {
        String id = ALIASES.getOrDefault(typed, typed);
        return Kind.fromId(id).orElseThrow(() -> new CliException(ExitCodes.INVALID, "unknown resource kind '"
                + typed + "'; known kinds: " + Arrays.stream(Kind.values()).map(Kind::id).toList()));
    }
}
