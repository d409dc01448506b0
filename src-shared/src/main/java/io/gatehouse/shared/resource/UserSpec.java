package io.gatehouse.shared.resource;

import java.util.List;
import java.util.Map;

/** A user: roles and traits. Secrets (password, second factor) are never part of the resource. */
public record UserSpec(List<String> roles, Map<String, List<String>> traits, String connector) implements Spec {
    public UserSpec {
        roles = List.copyOf(roles);
        traits = Map.copyOf(traits);
        connector = connector == null || connector.isBlank() ? "local" : connector;
    }
}
