package io.gatehouse.proxy.nodes;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
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
    public List<Candidate<NodeFields>> all() {
        return nodes.all().stream().map(n -> new Candidate<>(n.name(), n.labels(), n.online(),
                new NodeFields(n.hostId(), n.tunnel()))).toList();
    }

    /** The logins of the user's certificate that a role allows on the node (node_labels, logins). */
    @Override
    public List<String> logins(Candidate<NodeFields> node, UserIdentity user, AccessChecker roles) {
        return user.logins().stream().filter(login -> roles.checkNode(node.name(), node.labels(), login).allowed())
                .sorted().toList();
    }
}
