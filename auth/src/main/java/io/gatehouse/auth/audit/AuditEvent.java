package io.gatehouse.auth.audit;

import io.gatehouse.shared.audit.EventType;
import java.util.LinkedHashMap;
import java.util.Map;

/** An event about to be written: who did what to which resource, and whether it succeeded. */
public record AuditEvent(EventType type, boolean success, String user, String resource, Map<String, Object> fields) {
    public AuditEvent {
        user = user == null ? "" : user;
        resource = resource == null ? "" : resource;
        fields = fields == null ? Map.of() : Map.copyOf(new LinkedHashMap<>(fields));
    }

    public static AuditEvent success(EventType type, String user, String resource, Map<String, Object> fields) {
        return new AuditEvent(type, true, user, resource, fields);
    }

    public static AuditEvent failure(EventType type, String user, String resource, Map<String, Object> fields) {
        return new AuditEvent(type, false, user, resource, fields);
    }
}
