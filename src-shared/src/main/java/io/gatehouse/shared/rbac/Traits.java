package io.gatehouse.shared.rbac;

import java.util.List;
import java.util.Map;

/** A user's traits: internal (set by admins) and external (claims from an identity provider). */
public record Traits(Map<String, List<String>> internal, Map<String, List<String>> external) {
    public static final Traits EMPTY = new Traits(Map.of(), Map.of());

    public Traits {
        internal = Map.copyOf(internal);
        external = Map.copyOf(external);
    }

    public static Traits of(Map<String, List<String>> internal) {
        return new Traits(internal, Map.of());
    }
}
