package io.gatehouse.auth.resources;

import io.gatehouse.auth.api.ApiException;
import io.gatehouse.auth.storage.ResourceStore;
import io.gatehouse.shared.resource.Kind;
import io.gatehouse.shared.resource.Resource;
import io.gatehouse.shared.resource.UserSpec;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Integrity between resources, checked inside the writing transaction: a user may only name
 * roles that exist, and a role still assigned to users cannot be deleted (Teleport does the same).
 */
@ApplicationScoped
public class ResourceRules {
    private final ResourceStore store;

    public ResourceRules(ResourceStore store) {
        this.store = store;
    }

    public Uni<Void> checkBeforeWrite(Mutiny.Session s, Resource<?> resource) {
        if (resource.kind() != Kind.USER) {
            return Uni.createFrom().voidItem();
        }
        List<String> wanted = resource.as(UserSpec.class).spec().roles();
        return store.byNames(s, Kind.ROLE, wanted).map(found -> {
            Set<String> missing = new HashSet<>(wanted);
            found.forEach(r -> missing.remove(r.name()));
            if (!missing.isEmpty()) {
                throw ApiException.invalid("user '" + resource.name() + "' refers to role(s) " + missing.stream()
                        .sorted().toList() + " that do not exist; create them first (gatectl create -f role.yaml) "
                        + "or list roles with gatectl get roles");
            }
            return null;
        });
    }

    public Uni<Void> checkBeforeDelete(Mutiny.Session s, Kind kind, String name) {
        if (kind != Kind.ROLE) {
            return Uni.createFrom().voidItem();
        }
        return store.all(s, Kind.USER).map(users -> {
            List<String> holders = users.stream().filter(u -> u.as(UserSpec.class).spec().roles().contains(name))
                    .map(Resource::name).toList();
            if (!holders.isEmpty()) {
                throw ApiException.conflict("role '" + name + "' is assigned to user(s) " + holders
                        + "; remove it from them first (gatectl update -f user.yaml)");
            }
            return null;
        });
    }
}
