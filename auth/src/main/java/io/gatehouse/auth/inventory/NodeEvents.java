package io.gatehouse.auth.inventory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.auth.api.ApiException;
import io.gatehouse.auth.api.Authorizer;
import io.gatehouse.auth.api.Caller;
import io.gatehouse.auth.audit.AuditEvent;
import io.gatehouse.auth.audit.AuditLog;
import io.gatehouse.shared.api.ApiJson;
import io.gatehouse.shared.api.NodeEvent;
import io.gatehouse.shared.audit.EventType;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Audit events from nodes (sessions, commands, file transfers, refused logins). Delivery is
 * at-least-once from the agent's spool; the agent's event id makes storage exactly-once. A node
 * can only send the event types a node emits, only about itself, its desktops, its databases and its own sessions
 * (EventClaims), and each event records which node (and host id) sent it. A batch with one forged
 * event is refused whole, and the refusal audited.
 */
@ApplicationScoped
public class NodeEvents {
    static final Set<EventType> FROM_NODES = Set.of(EventType.SESSION_START, EventType.SESSION_END, EventType.EXEC,
            EventType.PORT_FORWARD, EventType.SFTP, EventType.SSH_LOGIN_REFUSED, EventType.DESKTOP_START,
            EventType.DESKTOP_END, EventType.DESKTOP_REFUSED, EventType.DB_SESSION_START, EventType.DB_SESSION_END,
            EventType.DB_SESSION_QUERY, EventType.DB_SESSION_REFUSED, EventType.APP_SESSION_START,
            EventType.APP_SESSION_END, EventType.APP_SESSION_REFUSED);
    /** The proxy refuses connections before any node sees them; those refusals are its to report. */
    static final Set<EventType> FROM_PROXY = Set.of(EventType.SSH_LOGIN_REFUSED, EventType.DESKTOP_REFUSED,
            EventType.DB_SESSION_REFUSED, EventType.APP_SESSION_REFUSED);
    static final int MAX_BATCH = 500;

    private final Mutiny.SessionFactory sessions;
    private final Authorizer authorizer;
    private final EventClaims claims;
    private final AuditLog audit;
    private final ObjectMapper json = ApiJson.newMapper();
    private final Clock clock;

    public NodeEvents(Mutiny.SessionFactory sessions, Authorizer authorizer, EventClaims claims, AuditLog audit,
            Clock clock) {
        this.sessions = sessions;
        this.authorizer = authorizer;
        this.claims = claims;
        this.audit = audit;
        this.clock = clock;
    }

    public Uni<NodeEvent.Ack> store(Caller caller, NodeEvent.Batch batch) {
        List<NodeEvent> events = batch == null || batch.events() == null ? List.of() : batch.events();
        if (events.size() > MAX_BATCH) {
            throw ApiException.invalid("at most " + MAX_BATCH + " events per batch, got " + events.size());
        }
        boolean proxy = caller instanceof Caller.Host h && h.has(Authorizer.PROXY) && !h.has(Authorizer.NODE);
        List<Object[]> rows = new ArrayList<>();
        for (NodeEvent e : events) {
            rows.add(row(caller, e, proxy ? FROM_PROXY : FROM_NODES, proxy ? "proxy" : "node"));
        }
        return authorizer.requireSystemRole(caller, proxy ? Authorizer.PROXY : Authorizer.NODE,
                        "send node audit events")
                .flatMap(x -> sessions.withTransaction(s -> {
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    // A database session's statements come hundreds to a batch, all about one resource
                    // and session: its claims are looked up once (a refused claim refuses the batch),
                    // and the batch is stored with one statement.
                    java.util.Set<String> claimed = new java.util.HashSet<>();
                    for (int i = 0; i < rows.size(); i++) {
                        Object[] r = rows.get(i);
                        NodeEvent e = events.get(i);
                        if (claimed.add(r[4] + "\0" + sessionOf(e))) {
                            chain = chain.flatMap(v -> checkClaims(s, caller, proxy, e, (String) r[1], (String) r[4]));
                        }
                    }
                    return chain.flatMap(v -> insert(s, rows));
                }))
                .onFailure(Forged.class).recoverWithUni(f -> audit.emit(AuditEvent.failure(EventType.ACCESS_DENIED,
                        caller.name(), "audit/node-events", Map.of("reason", f.getMessage()))).onFailure()
                        .recoverWithNull().flatMap(v -> Uni.createFrom().failure(ApiException.accessDenied(
                                "node events refused: " + f.getMessage()))))
                .replaceWith(new NodeEvent.Ack(events.stream().map(NodeEvent::id).toList()));
    }

    /** A node's claim about a resource or session it does not own; refuses the whole batch. */
    private static final class Forged extends RuntimeException {
        Forged(String message) {
            super(message, null, false, false);
        }
    }

    private Uni<Void> checkClaims(Mutiny.Session s, Caller caller, boolean proxy, NodeEvent e, String type,
            String resource) {
        if (proxy || !(caller instanceof Caller.Host h)) {
            return Uni.createFrom().voidItem();
        }
        Optional<String> dbProblem = dbEventProblem(e, type, resource);
        if (dbProblem.isPresent()) {
            return Uni.createFrom().failure(new Forged("event " + e.id() + ": " + dbProblem.get()));
        }
        return claims.problem(s, h.identity(), resource, sessionOf(e)).flatMap(p -> p.isEmpty()
                ? Uni.createFrom().voidItem() : Uni.createFrom().failure(new Forged("event " + e.id() + ": "
                        + p.get())));
    }

    private static String sessionOf(NodeEvent e) {
        return e.fields() == null ? "" : String.valueOf(e.fields().getOrDefault("session_id", ""));
    }

    /**
     * A database event is about one database, named both by its resource (db/NAME, which the claims
     * check) and its db field: the two must agree, so the Active sessions list and the audit search
     * (which read either) show only what the serving agent may say.
     */
    private static Optional<String> dbEventProblem(NodeEvent e, String type, String resource) {
        if (!type.startsWith("db.")) {
            return Optional.empty();
        }
        if (!resource.startsWith("db/")) {
            return Optional.of("a database event names its database as db/NAME, not '"
                    + io.gatehouse.shared.audit.SafeText.of(resource) + "'");
        }
        Object db = e.fields() == null ? null : e.fields().get("db");
        if (db != null && !resource.equals("db/" + db)) {
            return Optional.of("its db field '" + io.gatehouse.shared.audit.SafeText.of(db) + "' is not its resource "
                    + io.gatehouse.shared.audit.SafeText.of(resource));
        }
        return Optional.empty();
    }

    /** All rows in one INSERT (8 parameters a row; a batch of at most MAX_BATCH stays far below PostgreSQL's limit). */
    private Uni<Void> insert(Mutiny.Session s, List<Object[]> rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        StringBuilder sql = new StringBuilder("INSERT INTO audit_events (time, type, code, username, resource, outcome, "
                + "fields, event_key) VALUES ");
        for (int i = 0; i < rows.size(); i++) {
            int b = i * 8;
            sql.append(i == 0 ? "" : ", ").append("(?").append(b + 1).append(", ?").append(b + 2).append(", ?")
                    .append(b + 3).append(", ?").append(b + 4).append(", ?").append(b + 5).append(", ?").append(b + 6)
                    .append(", ?").append(b + 7).append(", ?").append(b + 8).append(')');
        }
        sql.append(" ON CONFLICT (event_key) WHERE event_key IS NOT NULL DO NOTHING");
        var q = s.createNativeQuery(sql.toString());
        for (int i = 0; i < rows.size(); i++) {
            Object[] r = rows.get(i);
            for (int j = 0; j < r.length; j++) {
                q.setParameter(i * 8 + j + 1, r[j]);
            }
        }
        return q.executeUpdate().replaceWithVoid();
    }

    private Object[] row(Caller caller, NodeEvent e, Set<EventType> allowed, String reporter) {
        if (e.id() == null || !e.id().matches("[A-Za-z0-9-]{8,64}")) {
            throw ApiException.invalid("each node event needs an id of 8-64 letters, digits or dashes");
        }
        EventType type = EventType.fromId(e.type() == null ? "" : e.type()).filter(allowed::contains)
                .orElseThrow(() -> ApiException.invalid("event " + e.id() + ": type '" + e.type()
                        + "' cannot come from a " + reporter + "; allowed: " + allowed.stream().map(EventType::id).sorted()
                        .toList()));
        var now = clock.instant();
        var time = e.time() == null ? now : e.time();
        if (time.isAfter(now.plus(Duration.ofMinutes(5)))) {
            throw ApiException.invalid("event " + e.id() + " is dated in the future (" + time + ")");
        }
        Map<String, Object> fields = new LinkedHashMap<>(e.fields() == null ? Map.of() : e.fields());
        fields.put(reporter, caller.name());
        if (caller instanceof Caller.Host h) {
            fields.put("host_id", h.identity().hostId());
        }
        String encoded;
        try {
            encoded = json.writeValueAsString(fields);
        } catch (JsonProcessingException ex) {
            throw ApiException.invalid("event " + e.id() + " has fields that are not JSON");
        }
        return new Object[] {time.atOffset(ZoneOffset.UTC), type.id(), type.code(e.success()),
            e.user() == null ? "" : e.user(), e.resource() == null ? "node/" + caller.name() : e.resource(),
            e.success() ? "success" : "failure", encoded, e.id()};
    }
}
