package io.gatehouse.agent.db;

import io.gatehouse.agent.audit.EventIds;
import io.gatehouse.shared.api.NodeEvent;
import io.gatehouse.shared.audit.EventType;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The Database Service's audit events (db.session.start/query/end/refused) into the agent's
 * durable spool. Statement text is escaped (control characters shown as \\u001b, never raw: an
 * audit viewer must not interpret a statement's terminal escapes) and bounded (4 KiB of text, 32
 * parameters of 256 characters), and goes nowhere else: never into a log file.
 */
public final class DbAuditTrail {
    public static final int MAX_QUERY_CHARS = 4096;
    public static final int MAX_PARAMETERS = 32;
    public static final int MAX_PARAMETER_CHARS = 256;

    private final String nodeName;
    private final Consumer<NodeEvent> sink;
    private final Clock clock;
    private final EventIds ids = new EventIds();

    public DbAuditTrail(String nodeName, Consumer<NodeEvent> sink, Clock clock) {
        this.nodeName = nodeName;
        this.sink = sink;
        this.clock = clock;
    }

    /** Who, where and how: the fields every event of one session carries. */
    public record Who(String user, String db, String dbUser, String dbName, String clientAddr, String sessionId,
            String protocol) {
    }

    /** A refusal before there was a session (certificate, route, roles, login to the database). */
    public void refused(Who who, String reason) {
        emit(EventType.DB_SESSION_REFUSED, false, who, fields("reason", reason));
    }

    /** The audit trail of one accepted session. */
    public DbAudit session(Who who) {
        Instant started = clock.instant();
        return new DbAudit() {
            @Override
            public void started() {
                emit(EventType.DB_SESSION_START, true, who, new LinkedHashMap<>());
            }

            @Override
            public void query(String text, List<String> parameters) {
                Map<String, Object> f = fields("query", bounded(text, MAX_QUERY_CHARS));
                if (!parameters.isEmpty()) {
                    List<String> shown = new ArrayList<>();
                    for (int i = 0; i < Math.min(parameters.size(), MAX_PARAMETERS); i++) {
                        shown.add(bounded(parameters.get(i), MAX_PARAMETER_CHARS));
                    }
                    if (parameters.size() > MAX_PARAMETERS) {
                        shown.add("(" + (parameters.size() - MAX_PARAMETERS) + " more)");
                    }
                    f.put("parameters", shown);
                }
                emit(EventType.DB_SESSION_QUERY, true, who, f);
            }

            @Override
            public void refused(String what, String reason) {
                emit(EventType.DB_SESSION_REFUSED, false, who, fields("query", bounded(what, MAX_QUERY_CHARS),
                        "reason", reason));
            }

            @Override
            public void ended(String error) {
                Map<String, Object> f = fields("duration_ms", clock.millis() - started.toEpochMilli());
                if (!error.isEmpty()) {
                    f.put("error", error);
                }
                emit(EventType.DB_SESSION_END, error.isEmpty(), who, f);
            }
        };
    }

    /**
     * {@code text} with control and format characters escaped (\\u001b; tab and newline stay, as a
     * statement's layout) and cut at {@code max} characters with a marker saying how long it was.
     */
    public static String bounded(String text, int max) {
        StringBuilder b = new StringBuilder(Math.min(text.length(), max) + 64);
        int i = 0;
        for (; i < text.length() && b.length() < max; i++) {
            char c = text.charAt(i);
            int type = Character.getType(c);
            if ((type == Character.CONTROL && c != '\n' && c != '\t') || type == Character.FORMAT
                    || c == '\u2028' || c == '\u2029') {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        if (i < text.length()) {
            b.append("... [truncated: ").append(text.getBytes(StandardCharsets.UTF_8).length)
                    .append(" bytes in all]");
        }
        return b.toString();
    }

    private static Map<String, Object> fields(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private void emit(EventType type, boolean success, Who who, Map<String, Object> fields) {
        fields.put("db", who.db());
        fields.put("db_user", who.dbUser());
        fields.put("db_name", who.dbName());
        fields.put("client_addr", who.clientAddr());
        fields.put("session_id", who.sessionId());
        fields.put("protocol", who.protocol());
        fields.put("agent", nodeName);
        sink.accept(new NodeEvent(ids.next(), type.id(), success, clock.instant(), who.user(),
                "db/" + who.db(), fields));
    }
}
