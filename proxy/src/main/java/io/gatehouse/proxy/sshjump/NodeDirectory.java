package io.gatehouse.proxy.sshjump;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Optional;

/** Where a node named by a user (its name or host id) can be reached, and its labels for RBAC. */
@FunctionalInterface
public interface NodeDirectory {
    Optional<NodeRoute> resolve(String nameOrHostId);

    /** A node; its address is empty while a tunnel-only node has no tunnel to this proxy. */
    record NodeRoute(String name, String hostId, Map<String, String> labels, Optional<InetSocketAddress> address) {
        public NodeRoute {
            labels = Map.copyOf(labels);
        }

        public NodeRoute withAddress(InetSocketAddress via) {
            return new NodeRoute(name, hostId, labels, Optional.of(via));
        }
    }
}
