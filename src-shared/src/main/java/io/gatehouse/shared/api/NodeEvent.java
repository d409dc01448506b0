package io.gatehouse.shared.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An audit event emitted on an agent. {@code id} is chosen by the agent (a UUID) and makes delivery
 * idempotent: the agent resends until acknowledged, auth stores each id once.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record NodeEvent(String id, String type, boolean success, Instant time, String user, String resource,
        Map<String, Object> fields) {

    /** A batch and its acknowledgement: the ids now stored (including ones stored before). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Batch(List<NodeEvent> events) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Ack(List<String> stored) {
    }
}
