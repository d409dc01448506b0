package io.gatehouse.shared.cert;

import java.time.Instant;
import java.util.List;

/** What a host certificate asserts: which host, in which cluster, serving which system roles. */
public record HostIdentity(String hostId, String nodeName, String clusterName, List<String> systemRoles,
        List<String> principals, Instant notBefore, Instant expires) {
    public HostIdentity {
        systemRoles = List.copyOf(systemRoles);
        principals = List.copyOf(principals);
    }
}
