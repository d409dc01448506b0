package io.gatehouse.proxy.nodes;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.gatehouse.proxy.inventory.ListedResource;
import io.gatehouse.proxy.inventory.ResourceView;
import io.gatehouse.shared.cert.UserIdentity;
import io.gatehouse.shared.rbac.AccessChecker;
import io.gatehouse.shared.resource.Kind;
import jakarta.inject.Singleton;
import java.util.List;

/** Nodes on the resources listing: the ones a login of the user's is allowed on (node_labels, logins). */
@Singleton
public class NodeResources implements ResourceView<NodeResources.NodeFields> {
    /** What only a node has: the agent serving it, and whether it is reached through its tunnel here. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record NodeFields(String hostId, boolean tunnel) {
    }

    private final NodeInventory nodes;

    public NodeResources(NodeInventory nodes) {
        this.nodes = nodes;
    }

    @Override
    public String kind() {
        return Kind.NODE.id();
    }

    @Override
    public List<ListedResource<NodeFields>> visibleTo(UserIdentity user, AccessChecker roles) {
        return nodes.visibleTo(user, roles).stream().map(n -> new ListedResource<>(kind(), n.name(), n.labels(),
                n.online(), n.logins(), new NodeFields(n.hostId(), n.tunnel()))).toList();
    }
}
