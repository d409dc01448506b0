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

    /**
     * A user's traits as certificates and user resources carry them (one map): set by an admin for
     * a local user, taken from the provider's claims for an SSO user. As in Teleport, templates
     * read that one map as {{internal.*}} and as {{external.*}} alike, so a role such as
     * logins: ["{{external.preferred_username}}"] expands the same way in auth, at the proxy and
     * on the node, which only see the certificate.
     */
    public static Traits of(Map<String, List<String>> traits) {
        return new Traits(traits, traits);
    }
}
