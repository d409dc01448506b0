package io.gatehouse.shared.api.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.shared.api.ApiPaths;
import io.gatehouse.shared.rbac.CertificateRoles;
import io.gatehouse.shared.resource.Resource;
import io.gatehouse.shared.resource.Resources;
import io.gatehouse.shared.resource.RoleSpec;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Reads a role from auth's resource API, as the proxy and agents do for every decision. Only
 * auth's "404 not found" means the role does not exist; every other failure (unreachable, a
 * refusal, an unreadable answer) is {@link CertificateRoles.Unavailable}, which refuses access.
 */
public final class AuthRoleFetch implements CertificateRoles.Fetch {
    private final Supplier<MtlsJsonClient> auth;

    public AuthRoleFetch(Supplier<MtlsJsonClient> auth) {
        this.auth = auth;
    }

    @Override
    public Optional<Resource<RoleSpec>> role(String name) {
        String path = ApiPaths.RESOURCES + "/role/" + URLEncoder.encode(name, StandardCharsets.UTF_8)
                .replace("+", "%20");
        JsonNode tree;
        try {
            tree = auth.get().get(path, JsonNode.class);
        } catch (AuthCallException e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw new CertificateRoles.Unavailable(e.status() == 0 ? e.getMessage() : "HTTP " + e.status() + ": "
                    + e.getMessage());
        }
        try {
            return Optional.of(Resources.parseJson(tree.toString(), "role/" + name).as(RoleSpec.class));
        } catch (RuntimeException e) {
            throw new CertificateRoles.Unavailable("auth's definition of role '" + name + "' could not be read: "
                    + e.getMessage());
        }
    }
}
