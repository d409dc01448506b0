package io.gatehouse.auth.inventory;

import io.gatehouse.shared.audit.SafeText;
import io.gatehouse.shared.cert.HostIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a node's audit events may claim: only resources the node owns (itself, desktops, databases and apps it serves)
 * and only sessions it owns — a session id belongs to the first host that reports it. So a node
 * cannot write events attributed to another node, its desktops or its sessions.
 *
 * <p>A batch is checked as a whole, in the caller's transaction, with at most three statements whatever its size
 * (the desktops, databases and apps it names, then the sessions it names: claimed, then read back). Nothing is cached:
 * a node that stops serving a database cannot write about it from the next batch on.
 */
@ApplicationScoped
public class EventClaims {
    /** The host serving each desktop, database and app named (its spec's host_id: see DbSpec, DesktopSpec, AppSpec). */
    private static final String HOSTED = "SELECT r.kind, r.name, r.doc::jsonb #>> '{spec,host_id}' AS host_id "
            + "FROM resources r JOIN unnest($1::text[], $2::text[]) AS c(kind, name) "
            + "ON r.kind = c.kind AND r.name = c.name";
    /** Sorted ids, so two hosts claiming overlapping sessions lock them in the same order (no deadlock). */
    private static final String CLAIM_SESSIONS = "INSERT INTO session_owners (session_id, host_id) "
            + "SELECT unnest($1::text[]), $2 ON CONFLICT (session_id) DO NOTHING";
    /**
     * A statement of its own after the claim: it sees a row another host committed while this claim waited on
     * it, which the claim's own snapshot would not.
     */
    private static final String FOREIGN_SESSIONS = "SELECT session_id FROM session_owners "
            + "WHERE session_id = ANY($1::text[]) AND host_id <> $2";

    /** What one event claims: a resource, and a session unless {@code sessionId} is empty. */
    public record Claim(String eventId, String resource, String sessionId) {
    }

    /** Why {@code host} may not write these events (naming the first event found at fault); empty if it may. */
    public Uni<Optional<String>> problem(SqlConnection c, HostIdentity host, List<Claim> claims) {
        Map<String, String> resources = new LinkedHashMap<>(); // resource -> the first event claiming it
        TreeMap<String, String> sessions = new TreeMap<>(); // session id -> the first event claiming it
        for (Claim claim : claims) {
            resources.putIfAbsent(claim.resource(), claim.eventId());
            if (!claim.sessionId().isEmpty()) {
                sessions.putIfAbsent(claim.sessionId(), claim.eventId());
            }
        }
        Optional<String> shape = shapeProblem(host, resources, sessions);
        if (shape.isPresent()) {
            return Uni.createFrom().item(shape);
        }
        resources.remove(self(host));
        return hostedProblem(c, host, resources).flatMap(p -> p.isPresent() || sessions.isEmpty()
                ? Uni.createFrom().item(p) : sessionProblem(c, host, sessions));
    }

    /** 8-64 letters, digits or dashes: an event id or a session id (without a regular expression per event). */
    static boolean isWellFormedId(String id) {
        if (id == null || id.length() < 8 || id.length() > 64) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-')) {
                return false;
            }
        }
        return true;
    }

    private static String self(HostIdentity host) {
        return "node/" + host.nodeName();
    }

    /** What can be refused without the database: a resource of another kind, a malformed session id. */
    private static Optional<String> shapeProblem(HostIdentity host, Map<String, String> resources,
            Map<String, String> sessions) {
        for (var claimed : resources.entrySet()) {
            String resource = claimed.getKey();
            if (!resource.equals(self(host)) && !resource.startsWith("desktop/") && !resource.startsWith("db/")
                    && !resource.startsWith("app/")) {
                return Optional.of("event " + claimed.getValue() + ": a node writes events about itself ("
                        + self(host) + "), its desktops, databases and apps, not about '" + SafeText.of(resource) + "'");
            }
        }
        for (var claimed : sessions.entrySet()) {
            if (!isWellFormedId(claimed.getKey())) {
                return Optional.of("event " + claimed.getValue() + ": session id '" + SafeText.of(claimed.getKey())
                        + "' is not 8-64 letters, digits or dashes");
            }
        }
        return Optional.empty();
    }

    /** Every desktop, database and app named must exist and be served by {@code host}. */
    private static Uni<Optional<String>> hostedProblem(SqlConnection c, HostIdentity host, Map<String, String> hosted) {
        if (hosted.isEmpty()) {
            return Uni.createFrom().item(Optional.empty());
        }
        List<String> kinds = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (String resource : hosted.keySet()) {
            int slash = resource.indexOf('/');
            kinds.add(resource.substring(0, slash));
            names.add(resource.substring(slash + 1));
        }
        return c.preparedQuery(HOSTED).execute(Tuple.from(List.of(kinds.toArray(String[]::new),
                names.toArray(String[]::new)))).map(rows -> {
                    Map<String, String> servedBy = new HashMap<>();
                    for (Row row : rows) {
                        servedBy.put(row.getString("kind") + "/" + row.getString("name"), row.getString("host_id"));
                    }
                    for (var claimed : hosted.entrySet()) {
                        if (!host.hostId().equals(servedBy.get(claimed.getKey()))) {
                            return Optional.of("event " + claimed.getValue() + ": " + notServed(host, claimed.getKey()));
                        }
                    }
                    return Optional.empty();
                });
    }

    private static String notServed(HostIdentity host, String resource) {
        String name = SafeText.of(resource.substring(resource.indexOf('/') + 1));
        String kind = resource.startsWith("db/") ? "database '" : resource.startsWith("app/") ? "app '" : "desktop '";
        return kind + name + "' is not served by this agent ("
                + host.hostId() + ")";
    }

    /** Claims the sessions not claimed yet for {@code host}; refused if any belongs to another host. */
    private static Uni<Optional<String>> sessionProblem(SqlConnection c, HostIdentity host,
            TreeMap<String, String> sessions) {
        String[] ids = sessions.keySet().toArray(String[]::new);
        Tuple args = Tuple.from(List.of(ids, host.hostId()));
        return c.preparedQuery(CLAIM_SESSIONS).execute(args)
                .flatMap(x -> c.preparedQuery(FOREIGN_SESSIONS).execute(args))
                .map(rows -> {
                    if (!rows.iterator().hasNext()) {
                        return Optional.empty();
                    }
                    String session = rows.iterator().next().getString("session_id");
                    return Optional.of("event " + sessions.get(session) + ": session " + session
                            + " belongs to another host");
                });
    }
}
