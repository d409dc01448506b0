package io.gatehouse.agent.desktop;

import io.gatehouse.shared.api.NodeEvent;
import io.gatehouse.shared.audit.EventType;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/** desktop.start / desktop.end / desktop.refused events, into the agent's durable spool. */
public final class DesktopAudit {
    private final String nodeName;
    private final Consumer<NodeEvent> sink;
    private final Clock clock;

    public DesktopAudit(String nodeName, Consumer<NodeEvent> sink, Clock clock) {
        this.nodeName = nodeName;
        this.sink = sink;
        this.clock = clock;
    }

    Clock clock() {
        return clock;
    }

    void refused(String user, String desktop, String login, String reason, String from) {
        emit(EventType.DESKTOP_REFUSED, false, user, desktop, fields("login", login, "reason", reason, "remote_addr",
                from));
    }

    void started(String user, String desktop, String login, String sessionId, String addr, boolean recorded) {
        emit(EventType.DESKTOP_START, true, user, desktop, fields("session_id", sessionId, "login", login,
                "desktop_addr", addr, "recording", recorded ? sessionId + ".cast" : ""));
    }

    void failed(String user, String desktop, String login, String sessionId, String reason) {
        emit(EventType.DESKTOP_START, false, user, desktop, fields("session_id", sessionId, "login", login,
                "reason", reason));
    }

    void ended(String user, String desktop, String login, String sessionId, long millis, String why) {
        emit(EventType.DESKTOP_END, true, user, desktop, fields("session_id", sessionId, "login", login,
                "duration_ms", millis, "reason", why));
    }

    private static Map<String, Object> fields(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private void emit(EventType type, boolean success, String user, String desktop, Map<String, Object> fields) {
        fields.put("desktop", desktop);
        fields.put("agent", nodeName);
        sink.accept(new NodeEvent(UUID.randomUUID().toString(), type.id(), success, clock.instant(), user,
                "desktop/" + desktop, fields));
    }
}
