package io.gatehouse.auth.recordings;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Instant;
import java.util.Optional;

/**
 * Where and for whom a session ran: the host that owns it (session_owners: the first host to report
 * an event about it, see EventClaims) and the user, login and time of its session.start (or
 * desktop.start) event. None of it is the uploader's word.
 */
record SessionOrigin(String hostId, String user, String login, Instant started) {

    /** Empty until the session's owner and start event reached auth. */
    static Uni<Optional<SessionOrigin>> of(SqlClient c, String sessionId) {
        // The start-event lookup matches the partial index audit_events_session_start.
        return c.preparedQuery("SELECT o.host_id, e.username, e.login, e.time FROM session_owners o LEFT JOIN "
                + "LATERAL (SELECT username, (fields::jsonb) ->> 'login' AS login, time FROM audit_events WHERE type IN "
                + "('session.start', 'desktop.start') AND ((fields::jsonb) ->> 'session_id') = o.session_id ORDER BY "
                + "id LIMIT 1) e ON true WHERE o.session_id = $1")
                .execute(Tuple.of(sessionId))
                .map(rows -> rows.iterator().hasNext() ? from(rows.iterator().next()) : Optional.empty());
    }

    private static Optional<SessionOrigin> from(Row r) {
        if (r.getString("username") == null) {
            return Optional.empty();
        }
        return Optional.of(new SessionOrigin(r.getString("host_id"), r.getString("username"),
                r.getString("login") == null ? "" : r.getString("login"), r.getOffsetDateTime("time").toInstant()));
    }
}
