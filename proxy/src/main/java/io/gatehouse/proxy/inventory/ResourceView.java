package io.gatehouse.proxy.inventory;

import io.gatehouse.shared.cert.UserIdentity;
import io.gatehouse.shared.rbac.AccessChecker;
import java.util.List;
import java.util.Map;

/**
 * One kind of resource on the one listing path ({@code GET /v1/webapi/resources}): a bean per kind
 * (nodes, desktops; next databases, apps, Kubernetes clusters), found by {@link ResourceInventory}
 * by its type, so a new kind is this one class and nothing in the listing changes. A view says
 * what exists and the kind's access rule; the listing applies the rule to every entry, so no kind
 * filters (or forgets to filter) on its own.
 *
 * @param <D> the kind's own fields (a record), written flat beside the common ones
 */
public interface ResourceView<D> {
    /** A resource of the kind before any access check. */
    record Candidate<D>(String name, Map<String, String> labels, boolean online, D details) {
        public Candidate {
            labels = Map.copyOf(labels);
        }
    }

    /** The kind's name, as in its resources and in {@code ?kind=} (a {@code Kind} id). */
    String kind();

    /** Every resource of this kind the proxy knows of (auth's inventory, cached per kind). */
    List<Candidate<D>> all();

    /**
     * The logins the user's roles allow on {@code resource} by the kind's own rule (node_labels and
     * logins, desktop_labels and desktop_logins...), sorted; none: the user does not see it.
     */
    List<String> logins(Candidate<D> resource, UserIdentity user, AccessChecker roles);
}
