package io.gatehouse.proxy.nodes;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Optional;

/** Where a node named by a user (its name or host id) can be reached, and its labels for RBAC. */
@FunctionalInterface
public interface NodeDirectory {
    Optional<NodeRoute> resolve(String nameOrHostId);

    /**
     * A node; its address is empty while a tunnel-only node has no tunnel to this proxy, and
     * {@code directProblem} says why an address it announced is one the proxy never dials.
     */
    record NodeRoute(String name, String hostId, Map<String, String> labels, Optional<InetSocketAddress> address,
            String directProblem) {
        public NodeRoute {
            labels = Map.copyOf(labels);
            directProblem = directProblem == null ? "" : directProblem;
        }

        public NodeRoute(String name, String hostId, Map<String, String> labels, Optional<InetSocketAddress> address) {
            this(name, hostId, labels, address, "");
        }

        public NodeRoute withAddress(InetSocketAddress via) {
            return new NodeRoute(name, hostId, labels, Optional.of(via), "");
        }
    }
}
