package io.gatehouse.proxy.sshjump;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Optional;

/** Where a node named by a user (its name or host id) can be reached, and its labels for RBAC. */
@FunctionalInterface
public interface NodeDirectory {
    Optional<NodeRoute> resolve(String nameOrHostId);

    record NodeRoute(String name, String hostId, Map<String, String> labels, InetSocketAddress address) {
        public NodeRoute {
            labels = Map.copyOf(labels);
        }
    }
}
