package io.gatehouse.auth.recordings;

import io.gatehouse.auth.api.ApiException;
import io.gatehouse.auth.api.Authorizer;
import io.gatehouse.auth.api.Caller;
import io.gatehouse.shared.api.RecordingDto;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * Session recordings: nodes upload them in chunks (idempotent by offset, so a retry after any
 * failure is safe), then declare size and SHA-256; auth checks both before the recording counts as
 * complete. Users with `session` read/list rules (auditor, editor) see every recording; everyone
 * else sees only their own sessions.
 */
@ApplicationScoped
public class Recordings {
    static final int MAX_CHUNK = 512 * 1024;
    static final long MAX_SIZE = 1L << 30;

    private final Pool db;
    private final Authorizer authorizer;

    public Recordings(Pool db, Authorizer authorizer) {
        this.db = db;
        this.authorizer = authorizer;
    }

    public Uni<Void> addChunk(Caller caller, String sessionId, RecordingDto.Chunk chunk) {
        byte[] data = chunkData(sessionId, chunk);
        return authorizer.requireSystemRole(caller, Authorizer.NODE, "upload session recordings")
                .flatMap(x -> db.withTransaction(c -> c.preparedQuery("INSERT INTO session_recordings (session_id, "
                        + "node, username, login, started) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (session_id) "
                        + "DO NOTHING").execute(Tuple.of(sessionId, caller.name(), chunk.user(), chunk.login(),
                                chunk.started().atOffset(ZoneOffset.UTC)))
                        .flatMap(r -> c.preparedQuery("SELECT node, complete FROM session_recordings WHERE "
                                + "session_id = $1 FOR UPDATE").execute(Tuple.of(sessionId)))
                        .flatMap(rows -> {
                            Row row = rows.iterator().next();
                            if (!row.getString("node").equals(caller.name())) {
                                return Uni.createFrom().failure(ApiException.accessDenied("recording " + sessionId
                                        + " belongs to another node"));
                            }
                            if (row.getBoolean("complete")) {
                                return Uni.createFrom().voidItem();
                            }
                            return c.preparedQuery("INSERT INTO session_recording_chunks (session_id, offset_bytes, "
                                    + "data) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING").execute(Tuple.of(sessionId,
                                    chunk.offset(), io.vertx.core.buffer.Buffer.buffer(data)))
                                    .replaceWithVoid();
                        })));
    }

    public Uni<RecordingDto.Summary> complete(Caller caller, String sessionId, RecordingDto.Complete done) {
        validId(sessionId);
        if (done == null || done.sha256() == null || done.size() < 0) {
            throw ApiException.invalid("recording " + sessionId + ": completing an upload needs its size and sha256");
        }
        return authorizer.requireSystemRole(caller, Authorizer.NODE, "upload session recordings")
                .flatMap(x -> db.withTransaction(c -> content(c, sessionId).flatMap(bytes -> {
                    if (bytes.length != done.size() || !sha256(bytes).equals(done.sha256())) {
                        return Uni.createFrom().failure(ApiException.conflict("recording " + sessionId + " has "
                                + bytes.length + " bytes here, not " + done.size() + " with that SHA-256; resend it"));
                    }
                    return c.preparedQuery("UPDATE session_recordings SET complete = true, size = $2, sha256 = $3 "
                            + "WHERE session_id = $1 AND node = $4").execute(Tuple.of(sessionId, done.size(),
                            done.sha256(), caller.name())).replaceWithVoid();
                })))
                .flatMap(x -> summary(sessionId));
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

    public Uni<RecordingDto.Full> get(Caller caller, String sessionId) {
        validId(sessionId);
        return summary(sessionId).flatMap(s -> authorizer.allows(caller, "session", "read").flatMap(all -> {
            if (!s.complete() || (!all && !s.user().equals(caller.name()))) {
                return Uni.createFrom().failure(ApiException.notFound("no recording of session " + sessionId
                        + " that you may see"));
            }
            return db.withConnection(c -> content(c, sessionId))
                    .map(bytes -> new RecordingDto.Full(s, new String(bytes, StandardCharsets.UTF_8)));
        }));
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

    /** The chunks in order; a gap or overlap means the upload is not finished (or was garbled). */
    private static Uni<byte[]> content(io.vertx.mutiny.sqlclient.SqlConnection c, String sessionId) {
        return c.preparedQuery("SELECT offset_bytes, data FROM session_recording_chunks WHERE session_id = $1 "
                + "ORDER BY offset_bytes").execute(Tuple.of(sessionId)).map(rows -> {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    for (Row r : rows) {
                        if (r.getLong("offset_bytes") != out.size()) {
                            throw ApiException.conflict("recording " + sessionId + " misses bytes at " + out.size());
                        }
                        out.writeBytes(r.getBuffer("data").getBytes());
                    }
                    return out.toByteArray();
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
        if (chunk.user() == null || chunk.login() == null || chunk.started() == null) {
            throw ApiException.invalid("recording " + sessionId + ": user, login and started are required");
        }
        return data;
    }

    private static void validId(String sessionId) {
        if (sessionId == null || !sessionId.matches("[A-Za-z0-9-]{8,64}")) {
            throw ApiException.invalid("a session id is 8-64 letters, digits or dashes");
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
