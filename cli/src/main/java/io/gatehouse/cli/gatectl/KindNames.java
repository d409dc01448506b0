package io.gatehouse.cli.gatectl;

import io.gatehouse.cli.apiclient.CliException;
import io.gatehouse.cli.apiclient.ExitCodes;
import io.gatehouse.shared.resource.Kind;
import java.util.Arrays;
import java.util.Map;

/** Accepts what people type: plurals and short forms of kind names. */
final class KindNames {
    private static final Map<String, String> ALIASES = Map.of("users", "user", "roles", "role", "tokens", "token",
            "nodes", "node", "cas", "cert_authority", "cert_authorities", "cert_authority", "ca", "cert_authority",
            "oidc_connectors", "oidc_connector", "connectors", "oidc_connector", "oidc", "oidc_connector");

    private KindNames() {
    }

    static Kind resolve(String typed) {
        String id = ALIASES.getOrDefault(typed, typed);
        return Kind.fromId(id).orElseThrow(() -> new CliException(ExitCodes.INVALID, "unknown resource kind '"
                + typed + "'; known kinds: " + Arrays.stream(Kind.values()).map(Kind::id).toList()));
    }
}
