package io.gatehouse.shared.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import java.util.Map;

/**
 * An agent announcing the resources of one kind it serves (node, desktop, ...): each is written
 * as a resource would be in YAML ({@code name}, {@code labels}, the kind's {@code spec}). Whatever
 * names the serving agent (host id; for a node also its name) auth takes from the agent's
 * certificate, never from the body. {@code ttl} ("90s"): how long the entries stay without the next
 * beat (default 90 s, at most 1 h).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record InventoryHeartbeat(String kind, List<Entry> resources, String ttl) {
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Entry(String name, Map<String, String> labels, Map<String, Object> spec) {
    }

    /** What a beat did: the names stored, and why each other one was not. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Result(List<String> stored, Map<String, String> refused) {
    }
}
