package io.gatehouse.auth.roles;

import io.gatehouse.auth.storage.ResourceStore;
import io.gatehouse.shared.rbac.AccessChecker;
import io.gatehouse.shared.rbac.Traits;
import io.gatehouse.shared.resource.Kind;
import io.gatehouse.shared.resource.Resource;
import io.gatehouse.shared.resource.RoleSpec;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Builds an AccessChecker from role names: the role definitions are read from storage at every
 * decision, so editing a role takes effect at once, even for certificates already issued.
 * Fail closed: if a named role no longer exists, the checker refuses everything and says which
 * (the missing role may be the one whose deny rule mattered), as the proxy and agents do.
 */
@ApplicationScoped
public class RoleLookup {
    private final ResourceStore store;

    public RoleLookup(ResourceStore store) {
        this.store = store;
    }

    public Uni<List<Resource<RoleSpec>>> roles(Mutiny.Session s, List<String> names) {
        return store.byNames(s, Kind.ROLE, names).map(list -> list.stream().map(r -> r.as(RoleSpec.class)).toList());
    }

    public Uni<AccessChecker> checker(Mutiny.Session s, List<String> roleNames, Map<String, List<String>> traits) {
        return roles(s, roleNames).map(roles -> {
            var found = roles.stream().map(Resource::name).collect(java.util.stream.Collectors.toSet());
            return roleNames.stream().filter(n -> !found.contains(n)).findFirst()
                    .map(missing -> AccessChecker.refusing("role '" + missing + "' does not exist (an administrator "
                            + "deleted it, or has not created it yet); nothing is allowed until it exists or is "
                            + "removed from the user"))
                    .orElseGet(() -> AccessChecker.of(roles, Traits.of(traits)));
        });
    }
}
