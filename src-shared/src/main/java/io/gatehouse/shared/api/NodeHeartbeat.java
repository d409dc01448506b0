package io.gatehouse.shared.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.Map;

/**
 * A node announcing itself: its address and labels (static plus the latest command-label values).
 * The name and host id come from the caller's host certificate, never from the body. {@code ttl}
 * (Go-style) is how long the node counts as online without another heartbeat.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record NodeHeartbeat(String addr, Map<String, String> labels, String ttl) {
}
