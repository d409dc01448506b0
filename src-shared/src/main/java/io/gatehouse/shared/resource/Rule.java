package io.gatehouse.shared.resource;

import java.util.List;

/** Access to the API itself: resource kinds (or "event", "session", "cert", "*") × verbs. */
public record Rule(List<String> resources, List<String> verbs) {
    public static final List<String> VERBS = List.of("list", "read", "create", "update", "delete", "*");

    public Rule {
        resources = List.copyOf(resources);
        verbs = List.copyOf(verbs);
    }
}
