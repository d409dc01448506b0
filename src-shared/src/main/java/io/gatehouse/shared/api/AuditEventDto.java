package io.gatehouse.shared.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.Map;

/**
 * One audit event. {@code type} is the event name (user.login), {@code code} its stable code
 * (e.g. T1000I: I = info/success, W = warning/failure).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record AuditEventDto(long id, String type, String code, Instant time, String user, String resource,
        String outcome, Map<String, Object> fields) {
}
