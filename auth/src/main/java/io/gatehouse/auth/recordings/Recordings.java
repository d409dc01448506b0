package io.gatehouse.auth.recordings;

import io.gatehouse.auth.api.ApiException;
import io.gatehouse.auth.api.Authorizer;
import io.gatehouse.auth.api.Caller;
import io.gatehouse.shared.api.RecordingDto;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Session recordings: nodes upload them in chunks (idempotent by offset, so a retry after any
 * failure is safe), then declare size and SHA-256; auth checks both, reading the stored chunks one
 * at a time, before the recording counts as complete — atomically, so a half-uploaded recording is
 * never listed or served. A node uploads only recordings of sessions that ran on it (the session's
 * start event came from its host id). Users with `session` read/list rules (auditor, editor) see
 * every recording; everyone else sees only their own sessions. Playback streams the chunks.
 */
@ApplicationScoped
public class Recordings {
    static final int MAX_CHUNK = 512 * 1024;
    static final long MAX_SIZE = 4L << 30; // streamed, so bounded by storage, not by auth's heap

    private final Pool db;
    private final Authorizer authorizer;

    /** The recording row as its uploader sees it, locked for the rest of the transaction. */
    private record Stored(boolean complete, Long size, String sha256) {
    }

    public Recordings(Pool db, Authorizer authorizer) {
        this.db = db;
        this.authorizer = authorizer;
    }

    public Uni<Void> addChunk(Caller caller, String sessionId, RecordingDto.Chunk chunk) {
        byte[] data = chunkData(sessionId, chunk);
        return authorizer.requireSystemRole(caller, Authorizer.NODE, "upload session recordings")
                .flatMap(x -> db.withTransaction(c -> own(c, caller, sessionId).flatMap(stored -> stored.complete()
                        ? Uni.createFrom().voidItem() // a retry after auth's answer was lost
                        : RecordingChunks.add(c, sessionId, chunk.offset(), data))));
    }

    public Uni<RecordingDto.Summary> complete(Caller caller, String sessionId, RecordingDto.Complete done) {
        validId(sessionId);
        if (done == null || done.size() < 0 || done.sha256() == null || !done.sha256().matches("[0-9a-f]{64}")) {
            throw ApiException.invalid("recording " + sessionId + ": completing needs the size and the SHA-256 "
                    + "(64 lowercase hex digits) of the whole file");
        }
        return authorizer.requireSystemRole(caller, Authorizer.NODE, "upload session recordings")
                .flatMap(x -> db.withTransaction(c -> own(c, caller, sessionId).flatMap(stored -> stored.complete()
                        ? Uni.createFrom().item(sameAs(stored, done, sessionId))
                        : finish(c, sessionId, done))))
                .flatMap(problem -> problem.isPresent() ? Uni.createFrom().failure(ApiException.conflict(problem.get()))
                        : summary(sessionId));
    }

    public Uni<List<RecordingDto.Summary>> list(Caller caller, int limit) {
        return authorizer.allows(caller, "session", "list").flatMap(all -> db.preparedQuery("SELECT session_id, node, "
                + "username, login, started, size, complete FROM session_recordings WHERE complete AND ($1 OR "
                + "username = $2) ORDER BY started DESC LIMIT $3").execute(Tuple.of(all, caller.name(),
                Math.max(1, Math.min(limit, 1000)))).map(rows -> {
                    List<RecordingDto.Summary> out = new ArrayList<>();
                    rows.forEach(r -> out.add(summary(r)));
                    return out;
                }));
    }

    /** A complete recording the caller may see; anything else is "not found", saying nothing about others'. */
    public Uni<RecordingDto.Summary> get(Caller caller, String sessionId) {
        validId(sessionId);
        Uni<RecordingDto.Summary> found = summary(sessionId);
        return found.flatMap(s -> authorizer.allows(caller, "session", "read").flatMap(all -> {
            if (!s.complete() || (!all && !s.user().equals(caller.name()))) {
                return Uni.createFrom().failure(ApiException.notFound("no recording of session " + sessionId
                        + " that you may see"));
            }
            return Uni.createFrom().item(s);
        }));
    }

    /** The recording's bytes, streamed chunk by chunk, once it is known that the caller may see it. */
    public Multi<Buffer> content(Caller caller, String sessionId) {
        return get(caller, sessionId).onItem().transformToMulti(s -> RecordingChunks.read(db, sessionId));
    }

    /**
     * Refuses a node that does not own the session (session_owners); creates the recording on the first call (who
     * and when from the session's start event, not from the node's word) and locks it.
     */
    private Uni<Stored> own(SqlConnection c, Caller caller, String sessionId) {
        String hostId = caller instanceof Caller.Host h ? h.identity().hostId() : "";
        return SessionOrigin.of(c, sessionId).flatMap(found -> {
            if (found.isEmpty()) {
                return Uni.createFrom().failure(ApiException.conflict("recording " + sessionId + ": auth has no "
                        + "start event for this session yet; the node's audit events must arrive first (the agent "
                        + "retries the upload)"));
            }
            SessionOrigin origin = found.get();
            if (hostId.isEmpty() || !hostId.equals(origin.hostId())) {
                return Uni.createFrom().failure(notYours(caller, sessionId));
            }
            return c.preparedQuery("INSERT INTO session_recordings (session_id, node, host_id, username, login, "
                    + "started) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (session_id) DO NOTHING").execute(Tuple.from(
                    List.of(sessionId, caller.name(), hostId, origin.user(), origin.login(),
                            origin.started().atOffset(ZoneOffset.UTC))))
                    .flatMap(r -> c.preparedQuery("SELECT host_id, complete, size, sha256 FROM session_recordings "
                            + "WHERE session_id = $1 FOR UPDATE").execute(Tuple.of(sessionId)))
                    .map(rows -> {
                        Row row = rows.iterator().next();
                        if (!hostId.equals(row.getString("host_id"))) {
                            throw notYours(caller, sessionId);
                        }
                        return new Stored(row.getBoolean("complete"), row.getLong("size"), row.getString("sha256"));
                    });
        });
    }

    /** Completes the recording if the chunks add up; otherwise drops them so the next upload replaces them. */
    private static Uni<Optional<String>> finish(SqlConnection c, String sessionId, RecordingDto.Complete done) {
        return RecordingChunks.tally(c, sessionId).flatMap(t -> {
            if (t.size() == done.size() && t.sha256().equals(done.sha256())) {
                return c.preparedQuery("UPDATE session_recordings SET complete = true, size = $2, sha256 = $3 WHERE "
                        + "session_id = $1").execute(Tuple.of(sessionId, t.size(), t.sha256()))
                        .replaceWith(Optional.<String>empty());
            }
            return RecordingChunks.discard(c, sessionId).replaceWith(Optional.of("recording " + sessionId + " has "
                    + t.size() + " contiguous bytes here, not " + done.size() + " with that SHA-256; the chunks were "
                    + "dropped, upload the whole file again"));
        });
    }

    private static Optional<String> sameAs(Stored stored, RecordingDto.Complete done, String sessionId) {
        return done.sha256().equals(stored.sha256()) && Long.valueOf(done.size()).equals(stored.size())
                ? Optional.empty()
                : Optional.of("recording " + sessionId + " is already complete with other content (" + stored.size()
                        + " bytes); a finished recording is never replaced");
    }

    private static ApiException notYours(Caller caller, String sessionId) {
        return ApiException.accessDenied("session " + sessionId + " did not run on node " + caller.name()
                + "; a node uploads recordings of its own sessions only");
    }

    private Uni<RecordingDto.Summary> summary(String sessionId) {
        return db.preparedQuery("SELECT session_id, node, username, login, started, size, complete FROM "
                + "session_recordings WHERE session_id = $1").execute(Tuple.of(sessionId)).map(rows -> {
                    if (!rows.iterator().hasNext()) {
                        throw ApiException.notFound("no recording of session " + sessionId);
                    }
                    return summary(rows.iterator().next());
                });
    }

    private static RecordingDto.Summary summary(Row r) {
        OffsetDateTime started = r.getOffsetDateTime("started");
        return new RecordingDto.Summary(r.getString("session_id"), r.getString("node"), r.getString("username"),
                r.getString("login"), started.toInstant(), r.getLong("size"), r.getBoolean("complete"));
    }

    /**
     * A node's chunk, checked before anything touches the database: the body (JSON null included),
     * base64, the size, and an offset whose end cannot overflow past MAX_SIZE.
     */
    static byte[] chunkData(String sessionId, RecordingDto.Chunk chunk) {
        validId(sessionId);
        if (chunk == null) {
            throw ApiException.invalid("recording " + sessionId + ": the body must be a chunk object");
        }
        byte[] data;
        try {
            data = Base64.getDecoder().decode(chunk.data() == null ? "" : chunk.data());
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("recording " + sessionId + ": chunk data is not base64");
        }
        // offset > MAX_SIZE - length, not offset + length > MAX_SIZE: the sum overflows for offsets near 2^63.
        if (data.length == 0 || data.length > MAX_CHUNK || chunk.offset() < 0
                || chunk.offset() > MAX_SIZE - data.length) {
            throw ApiException.invalid("recording " + sessionId + ": chunks carry 1 byte to " + MAX_CHUNK
                    + " bytes at an offset below " + MAX_SIZE);
        }
        return data;
    }

    private static void validId(String sessionId) {
        if (sessionId == null || !sessionId.matches("[A-Za-z0-9-]{8,64}")) {
            throw ApiException.invalid("a session id is 8-64 letters, digits or dashes");
        }
    }
}
