package io.gatehouse.shared.resource;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

public record Metadata(String name, Map<String, String> labels, String description, Optional<Instant> expires,
        long revision) {
    public Metadata {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        description = description == null ? "" : description;
        expires = expires == null ? Optional.empty() : expires;
    }
}
