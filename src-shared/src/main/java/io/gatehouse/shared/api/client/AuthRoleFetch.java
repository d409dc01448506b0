package io.gatehouse.shared.api.client;

import io.gatehouse.shared.rbac.CertificateRoles;
import io.gatehouse.shared.resource.Resource;
import io.gatehouse.shared.resource.RoleSpec;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Reads a role from auth's resource API, as the proxy and agents do for every decision. Only
 * auth's "404 not found" means the role does not exist; every other failure (unreachable, a
 * refusal, an unreadable answer) is {@link CertificateRoles.Unavailable}, which refuses access.
 */
public final class AuthRoleFetch implements CertificateRoles.Fetch {
    private final Function<String, Optional<Resource<RoleSpec>>> lookup;

    private AuthRoleFetch(Function<String, Optional<Resource<RoleSpec>>> lookup) {
        this.lookup = lookup;
    }

    public AuthRoleFetch(Supplier<MtlsJsonClient> auth) {
        this(name -> auth.get().api().role(name));
    }

    /** Over any typed client: its failures are read as AuthCallExceptions whatever its own mapping. */
    public static AuthRoleFetch over(Supplier<ApiClient> auth) {
        return new AuthRoleFetch(name -> new ApiClient(auth.get().transport().withErrors(ErrorMapping.authCall()))
                .role(name));
    }

    @Override
    public Optional<Resource<RoleSpec>> role(String name) {
        try {
            return lookup.apply(name);
        } catch (AuthCallException e) {
            throw new CertificateRoles.Unavailable(e.status() == 0 ? e.getMessage() : "HTTP " + e.status() + ": "
                    + e.getMessage());
        }
    }
}
