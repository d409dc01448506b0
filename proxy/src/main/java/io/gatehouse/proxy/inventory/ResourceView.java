package io.gatehouse.proxy.inventory;

import io.gatehouse.shared.cert.UserIdentity;
import io.gatehouse.shared.rbac.AccessChecker;
import java.util.List;

/**
 * One kind of resource on the one listing path ({@code GET /v1/webapi/resources}): a bean per kind
 * (nodes, desktops; next databases, apps, Kubernetes clusters), found by {@link ResourceInventory}
 * by its type, so a new kind is this one class and nothing in the listing changes.
 *
 * @param <D> the kind's own fields (a record), written flat beside the common ones
 */
public interface ResourceView<D> {
    /** The kind's name, as in its resources and in {@code ?kind=} (a {@code Kind} id). */
    String kind();

    /**
     * Every resource of this kind on which the roles allow at least one login, with those logins,
     * by the kind's own rule (node_labels and logins, desktop_labels and desktop_logins...). The
     * listing drops anything listed with no login all the same: a kind that forgets cannot leak.
     */
    List<ListedResource<D>> visibleTo(UserIdentity user, AccessChecker roles);
}
