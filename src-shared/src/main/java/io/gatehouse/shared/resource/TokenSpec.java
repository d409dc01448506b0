package io.gatehouse.shared.resource;

import java.util.List;
import java.util.Optional;

/**
 * A join token's public face: allowed system roles and use counts; expiry is metadata.expires.
 * {@code names}: the node names (globs like "web-*") a joiner may take and the only extra names its
 * certificate may carry (empty = any free node name, no extra names). {@code addr}: the address
 * ("IP:port") the proxy dials for a direct-mode node that joins with it ("" = the IP it joined from).
 */
public record TokenSpec(List<String> roles, Optional<Integer> maxUses, int uses, List<String> names, String addr)
        implements Spec {
    public TokenSpec {
        roles = List.copyOf(roles);
        maxUses = maxUses == null ? Optional.empty() : maxUses;
        names = names == null ? List.of() : List.copyOf(names);
        addr = addr == null ? "" : addr;
    }

    public TokenSpec(List<String> roles, Optional<Integer> maxUses, int uses) {
        this(roles, maxUses, uses, List.of(), "");
    }
}
