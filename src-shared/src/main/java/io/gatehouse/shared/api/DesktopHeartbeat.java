package io.gatehouse.shared.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import java.util.Map;

/**
 * An agent announcing the desktops its Desktop Service reaches. The serving agent (host id) comes
 * from the caller's host certificate, never from the body. {@code ttl} as for NodeHeartbeat.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DesktopHeartbeat(List<Desktop> desktops, String ttl) {
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Desktop(String name, String addr, Map<String, String> labels) {
    }
}
