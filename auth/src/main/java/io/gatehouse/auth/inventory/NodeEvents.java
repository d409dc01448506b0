package io.gatehouse.auth.inventory;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.auth.api.ApiException;
import io.gatehouse.auth.api.Authorizer;
import io.gatehouse.auth.api.Caller;
import io.gatehouse.auth.audit.AuditEvent;
import io.gatehouse.auth.audit.AuditLog;
import io.gatehouse.shared.api.ApiJson;
import io.gatehouse.shared.api.NodeEvent;
import io.gatehouse.shared.audit.EventType;
import io.gatehouse.shared.audit.SafeText;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Audit events from nodes (sessions, commands, file transfers, refused logins). Delivery is
 * at-least-once from the agent's spool; the agent's event id makes storage exactly-once. A node
 * can only send the event types a node emits, only about itself, its desktops, its databases and its own sessions
 * (EventClaims), and each event records which node (and host id) sent it. A batch with one forged
 * event is refused whole, and the refusal audited.
 *
 * <p>A database session audits every statement, so batches come thousands of events a second: a batch is
 * checked with at most three statements and stored with one, the same text whatever its size (arrays, not one
 * parameter per value), straight on the reactive client — no ORM, no plan per batch size.
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
    /**
     * The batch's rows in the order sent (ids ascend with it: a session's start stays before its end), a
     * retried event (same event_key) skipped — also when it comes twice in one batch.
     */
    static final String INSERT = "INSERT INTO audit_events (time, type, code, username, resource, outcome, fields, "
            + "event_key) SELECT time, type, code, username, resource, outcome, fields, event_key FROM unnest("
            + "$1::timestamptz[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[]) "
            + "WITH ORDINALITY AS e(time, type, code, username, resource, outcome, fields, event_key, n) ORDER BY n "
            + "ON CONFLICT (event_key) WHERE event_key IS NOT NULL DO NOTHING";

    private final Pool db;
    private final Authorizer authorizer;
    private final EventClaims claims;
    private final AuditLog audit;
    private final ObjectMapper json = ApiJson.newMapper();
    private final Clock clock;

    public NodeEvents(Pool db, Authorizer authorizer, EventClaims claims, AuditLog audit, Clock clock) {
        this.db = db;
        this.authorizer = authorizer;
        this.claims = claims;
        this.audit = audit;
        this.clock = clock;
    }

    /** Who sends a batch: a node writes about what it owns; the proxy only its refusals, about anything. */
    private record Sender(Caller caller, boolean proxy) {
        private static final Map<String, EventType> NODE_TYPES = byId(FROM_NODES);
        private static final Map<String, EventType> PROXY_TYPES = byId(FROM_PROXY);

        private static Map<String, EventType> byId(Set<EventType> types) {
            return types.stream().collect(Collectors.toUnmodifiableMap(EventType::id, t -> t));
        }

        /** The event type of this id if this sender may send it. */
        Optional<EventType> type(String id) {
            return Optional.ofNullable(id == null ? null : (proxy ? PROXY_TYPES : NODE_TYPES).get(id));
        }

        List<String> allowed() {
            return (proxy ? FROM_PROXY : FROM_NODES).stream().map(EventType::id).sorted().toList();
        }

        String role() {
            return proxy ? "proxy" : "node";
        }

        /** The host whose claims are checked; empty for the proxy (requireSystemRole refuses other callers). */
        Optional<Caller.Host> node() {
            return !proxy && caller instanceof Caller.Host h ? Optional.of(h) : Optional.empty();
        }

        /** The host id recorded with each event; null for a caller that is not a host (it is refused anyway). */
        String hostId() {
            return caller instanceof Caller.Host h ? h.identity().hostId() : null;
        }
    }

    public Uni<NodeEvent.Ack> store(Caller caller, NodeEvent.Batch batch) {
        List<NodeEvent> events = batch == null || batch.events() == null ? List.of() : batch.events();
        if (events.size() > MAX_BATCH) {
            throw ApiException.invalid("at most " + MAX_BATCH + " events per batch, got " + events.size());
        }
        Sender sender = new Sender(caller, caller instanceof Caller.Host h && h.has(Authorizer.PROXY)
                && !h.has(Authorizer.NODE));
        Columns rows = new Columns(events, sender);
        return authorizer.requireSystemRole(caller, sender.proxy() ? Authorizer.PROXY : Authorizer.NODE,
                        "send node audit events")
                .flatMap(x -> write(sender, rows))
                .onFailure(Forged.class).recoverWithUni(f -> audit.emit(AuditEvent.failure(EventType.ACCESS_DENIED,
                        caller.name(), "audit/node-events", Map.of("reason", f.getMessage()))).onFailure()
                        .recoverWithNull().flatMap(v -> Uni.createFrom().failure(ApiException.accessDenied(
                                "node events refused: " + f.getMessage()))))
                .replaceWith(new NodeEvent.Ack(events.stream().map(NodeEvent::id).toList()));
    }

    /** The proxy's refusals in one statement; a node's events with their claims, in one transaction. */
    private Uni<Void> write(Sender sender, Columns rows) {
        if (rows.size() == 0) {
            return Uni.createFrom().voidItem();
        }
        Optional<Caller.Host> node = sender.node();
        if (node.isEmpty()) {
            return insert(db, rows);
        }
        if (rows.forged().isPresent()) {
            return Uni.createFrom().failure(new Forged(rows.forged().get()));
        }
        return db.withTransaction(c -> claims.problem(c, node.get().identity(), rows.claims()).flatMap(p -> p.isPresent()
                ? Uni.createFrom().failure(new Forged(p.get())) : insert(c, rows)));
    }

    private static Uni<Void> insert(SqlClient client, Columns rows) {
        return client.preparedQuery(INSERT).execute(rows.tuple()).replaceWithVoid();
    }

    /** A node's claim about a resource or session it does not own; refuses the whole batch. */
    private static final class Forged extends RuntimeException {
        Forged(String message) {
            super(message, null, false, false);
        }
    }

    private static String sessionOf(NodeEvent e) {
        return e.fields() == null ? "" : String.valueOf(e.fields().getOrDefault("session_id", ""));
    }

    /**
     * A database (app) event is about one database (app), named both by its resource (db/NAME,
     * app/NAME, which the claims check) and its db (app) field: the two must agree, so the Active
     * sessions list and the audit search (which read either) show only what the serving agent may
     * say. Checked on every event, not once per resource: the field is the event's own.
     */
    private static Optional<String> dbEventProblem(NodeEvent e, EventType type, String resource) {
        String kind = type.id().startsWith("db.") ? "db" : type.id().startsWith("app.") ? "app" : null;
        if (kind == null) {
            return Optional.empty();
        }
        String what = kind.equals("db") ? "database" : "app";
        if (!resource.startsWith(kind + "/")) {
            return Optional.of("a " + what + " event names its " + what + " as " + kind + "/NAME, not '"
                    + SafeText.of(resource) + "'");
        }
        Object named = e.fields() == null ? null : e.fields().get(kind);
        if (named != null && !resource.equals(kind + "/" + named)) {
            return Optional.of("its " + kind + " field '" + SafeText.of(named) + "' is not its resource "
                    + SafeText.of(resource));
        }
        return Optional.empty();
    }

    /**
     * The batch as the INSERT's eight arrays, one element per event, and what each event claims; validated on
     * the way in (an invalid event refuses the batch at once, a forged one once the sender is known).
     */
    private final class Columns {
        private final OffsetDateTime[] times;
        private final String[] types;
        private final String[] codes;
        private final String[] users;
        private final String[] resources;
        private final String[] outcomes;
        private final String[] fields;
        private final String[] keys;
        private final List<EventClaims.Claim> claims;
        private final Instant latest;
        private int size;
        /** The first event of a node that misnames its database. */
        private Optional<String> forged = Optional.empty();

        Columns(List<NodeEvent> events, Sender sender) {
            int n = events.size();
            times = new OffsetDateTime[n];
            types = new String[n];
            codes = new String[n];
            users = new String[n];
            resources = new String[n];
            outcomes = new String[n];
            fields = new String[n];
            keys = new String[n];
            claims = new ArrayList<>(n);
            latest = clock.instant().plus(Duration.ofMinutes(5));
            // One generator for the batch, its buffer taken after each event's object.
            StringWriter out = new StringWriter(512);
            try (JsonGenerator g = json.getFactory().createGenerator(out)) {
                g.setRootValueSeparator(null);
                for (NodeEvent e : events) {
                    add(e, sender, g, out);
                }
            } catch (IOException ex) {
                throw ApiException.invalid("node events whose fields are not JSON: " + ex.getMessage());
            }
        }

        int size() {
            return size;
        }

        Optional<String> forged() {
            return forged;
        }

        List<EventClaims.Claim> claims() {
            return claims;
        }

        /** Adds {@code e} as {@code sender} may send it, or refuses the batch. */
        private void add(NodeEvent e, Sender sender, JsonGenerator g, StringWriter out) throws IOException {
            if (e == null || !EventClaims.isWellFormedId(e.id())) {
                throw ApiException.invalid("each node event needs an id of 8-64 letters, digits or dashes");
            }
            EventType type = sender.type(e.type()).orElseThrow(() -> ApiException.invalid("event " + e.id()
                    + ": type '" + SafeText.of(e.type()) + "' cannot come from a " + sender.role() + "; allowed: "
                    + sender.allowed()));
            Instant time = e.time() == null ? clock.instant() : e.time();
            if (time.isAfter(latest)) {
                throw ApiException.invalid("event " + e.id() + " is dated in the future (" + time + ")");
            }
            String resource = e.resource() == null ? "node/" + sender.caller().name() : e.resource();
            if (forged.isEmpty() && sender.node().isPresent()) {
                forged = dbEventProblem(e, type, resource).map(p -> "event " + e.id() + ": " + p);
            }
            claims.add(new EventClaims.Claim(e.id(), resource, sessionOf(e)));
            times[size] = time.atOffset(ZoneOffset.UTC);
            types[size] = type.id();
            codes[size] = type.code(e.success());
            users[size] = e.user() == null ? "" : e.user();
            resources[size] = resource;
            outcomes[size] = e.success() ? "success" : "failure";
            writeFields(e, sender, g);
            g.flush();
            fields[size] = out.toString();
            out.getBuffer().setLength(0);
            keys[size] = e.id();
            size++;
        }

        /**
         * The event's fields and who sent it, in place of any field of those names the sender wrote; null
         * values left out (as the API's mapper does). Written field by field: most are strings.
         */
        private void writeFields(NodeEvent e, Sender sender, JsonGenerator g) throws IOException {
            String hostId = sender.hostId();
            g.writeStartObject();
            for (var f : e.fields() == null ? Map.<String, Object>of().entrySet() : e.fields().entrySet()) {
                Object value = f.getValue();
                if (value == null || f.getKey().equals(sender.role()) || (hostId != null
                        && f.getKey().equals("host_id"))) {
                    continue;
                }
                g.writeFieldName(f.getKey());
                if (value instanceof String text) {
                    g.writeString(text);
                } else {
                    json.writeValue(g, value);
                }
            }
            g.writeStringField(sender.role(), sender.caller().name());
            if (hostId != null) {
                g.writeStringField("host_id", hostId);
            }
            g.writeEndObject();
        }

        Tuple tuple() {
            return Tuple.from(List.of(times, types, codes, users, resources, outcomes, fields, keys));
        }
    }
}
