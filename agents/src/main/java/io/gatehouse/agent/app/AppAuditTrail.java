package io.gatehouse.agent.app;

import io.gatehouse.agent.audit.EventIds;
import io.gatehouse.shared.api.NodeEvent;
import io.gatehouse.shared.audit.EventType;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The App Service's audit events (app.session.start/end/refused) into the agent's durable spool,
 * each about app/NAME with the session id, so auth accepts them only from the agent serving the
 * app. What flows through a TCP app is never recorded: only its size and duration.
 */
public final class AppAuditTrail {
    private final String nodeName;
    private final Consumer<NodeEvent> sink;
    private final Clock clock;
    private final EventIds ids = new EventIds();

    public AppAuditTrail(String nodeName, Consumer<NodeEvent> sink, Clock clock) {
        this.nodeName = nodeName;
        this.sink = sink;
        this.clock = clock;
    }

    /** The fields every event of one session carries. */
    public record Who(String user, String app, String uriKind, String clientAddr, String sessionId) {
    }

    /** What one session moved, for its end event. */
    public interface Session {
        void started();

        void ended(long bytesFromClient, long bytesToClient, String error);
    }

    public void refused(Who who, String reason) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("reason", reason);
        emit(EventType.APP_SESSION_REFUSED, false, who, f);
    }

    public Session session(Who who) {
        Instant started = clock.instant();
        return new Session() {
            @Override
            public void started() {
                emit(EventType.APP_SESSION_START, true, who, new LinkedHashMap<>());
            }

            @Override
            public void ended(long bytesFromClient, long bytesToClient, String error) {
                Map<String, Object> f = new LinkedHashMap<>();
                f.put("bytes_from_client", bytesFromClient);
                f.put("bytes_to_client", bytesToClient);
                f.put("duration_ms", clock.millis() - started.toEpochMilli());
                if (!error.isEmpty()) {
                    f.put("error", error);
                }
                emit(EventType.APP_SESSION_END, error.isEmpty(), who, f);
            }
        };
    }

    private void emit(EventType type, boolean success, Who who, Map<String, Object> fields) {
        fields.put("app", who.app());
        fields.put("uri_kind", who.uriKind());
        fields.put("client_addr", who.clientAddr());
        fields.put("session_id", who.sessionId());
        fields.put("agent", nodeName);
        sink.accept(new NodeEvent(ids.next(), type.id(), success, clock.instant(), who.user(), "app/" + who.app(),
                fields));
    }
}
