package io.gatehouse.shared.resource;

import java.util.List;
import java.util.Optional;

/** A join token's public face: allowed system roles and use counts; expiry is metadata.expires. */
public record TokenSpec(List<String> roles, Optional<Integer> maxUses, int uses) implements Spec {
    public TokenSpec {
        roles = List.copyOf(roles);
        maxUses = maxUses == null ? Optional.empty() : maxUses;
    }
}
