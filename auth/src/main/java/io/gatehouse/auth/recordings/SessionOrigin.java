package io.gatehouse.auth.recordings;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Instant;
import java.util.Optional;

/**
 * Where and for whom a session ran, as the first session.start (or desktop.start) event for it
 * says. Auth stamps every event a host sends with that host's id, so this is the one fact about a
 * recording that its uploader cannot choose.
 */
record SessionOrigin(String hostId, String user, String login, Instant started) {

    static Uni<Optional<SessionOrigin>> of(SqlClient c, String sessionId) {
        // The expression and the type filter match the partial index audit_events_session_start.
        return c.preparedQuery("SELECT (fields::jsonb) ->> 'host_id' AS host_id, "
                + "(fields::jsonb) ->> 'login' AS login, username, time FROM audit_events WHERE type IN "
                + "('session.start', 'desktop.start') AND ((fields::jsonb) ->> 'session_id') = $1 ORDER BY id LIMIT 1")
                .execute(Tuple.of(sessionId))
                .map(rows -> rows.iterator().hasNext() ? Optional.of(from(rows.iterator().next())) : Optional.empty());
    }

    private static SessionOrigin from(Row r) {
        return new SessionOrigin(r.getString("host_id"), r.getString("username"),
                r.getString("login") == null ? "" : r.getString("login"), r.getOffsetDateTime("time").toInstant());
    }
}
