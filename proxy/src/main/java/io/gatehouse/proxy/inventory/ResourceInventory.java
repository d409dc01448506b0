package io.gatehouse.proxy.inventory;

import io.gatehouse.shared.cert.UserIdentity;
import io.gatehouse.shared.rbac.AccessChecker;
import io.quarkus.arc.All;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Every kind the proxy lists, one {@link ResourceView} bean each, and what of them a user may see:
 * the one place the access rule of each kind is applied to each resource. Deny by default: a
 * caller whose roles could not be read sees nothing, and a resource with no allowed login is not
 * listed.
 */
@Singleton
public class ResourceInventory {
    private final Map<String, ResourceView<?>> byKind;

    public ResourceInventory(@All List<ResourceView<?>> views) {
        Map<String, ResourceView<?>> map = new TreeMap<>();
        for (ResourceView<?> view : views) {
            ResourceView<?> before = map.put(view.kind(), view);
            if (before != null) {
                throw new IllegalStateException("two listings claim the kind '" + view.kind() + "': "
                        + before.getClass().getName() + " and " + view.getClass().getName());
            }
        }
        this.byKind = Collections.unmodifiableMap(map);
    }

    public SortedSet<String> kinds() {
        return new TreeSet<>(byKind.keySet());
    }

    /** @param kinds the kinds to list; empty: all of them */
    public List<ListedResource<?>> visibleTo(UserIdentity user, AccessChecker roles, Set<String> kinds) {
        List<ListedResource<?>> out = new ArrayList<>();
        if (roles.refusal().isPresent()) {
            return out;
        }
        byKind.forEach((kind, view) -> {
            if (kinds.isEmpty() || kinds.contains(kind)) {
                addVisible(view, user, roles, out);
            }
        });
        return out;
    }

    private static <D> void addVisible(ResourceView<D> view, UserIdentity user, AccessChecker roles,
            List<ListedResource<?>> out) {
        for (ResourceView.Candidate<D> c : view.all()) {
            List<String> logins = view.logins(c, user, roles);
            if (!logins.isEmpty()) {
                out.add(new ListedResource<>(view.kind(), c.name(), c.labels(), c.online(), logins, c.details()));
            }
        }
    }
}
