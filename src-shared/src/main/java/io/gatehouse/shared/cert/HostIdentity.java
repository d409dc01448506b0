package io.gatehouse.shared.cert;

import java.time.Instant;
import java.util.List;

/**
 * What a host certificate asserts: which host, in which cluster, serving which system roles.
 * {@code pinnedAddr} is where the proxy may dial this host directly ("" = only through its tunnel):
 * auth sets it at join — the address an admin wrote on the join token, or the IP the agent joined
 * from — so a node can never point the proxy at an address of its choosing.
 */
public record HostIdentity(String hostId, String nodeName, String clusterName, List<String> systemRoles,
        List<String> principals, Instant notBefore, Instant expires, String pinnedAddr) {
    public HostIdentity {
        systemRoles = List.copyOf(systemRoles);
        principals = List.copyOf(principals);
        pinnedAddr = pinnedAddr == null ? "" : pinnedAddr;
    }

    /** A host reachable only through its tunnel. */
    public HostIdentity(String hostId, String nodeName, String clusterName, List<String> systemRoles,
            List<String> principals, Instant notBefore, Instant expires) {
        this(hostId, nodeName, clusterName, systemRoles, principals, notBefore, expires, "");
    }

    public boolean hasRole(String systemRole) {
        return systemRoles.contains(systemRole);
    }
}
