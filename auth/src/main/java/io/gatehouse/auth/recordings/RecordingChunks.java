package io.gatehouse.auth.recordings;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A recording's bytes as stored: rows of at most {@link Recordings#MAX_CHUNK} bytes keyed by
 * (session, offset). They are read back one row per query, on demand, so serving or checking a
 * recording holds one chunk in memory whatever the recording's size.
 */
final class RecordingChunks {
    private static final Buffer END = Buffer.buffer();

    /** What the stored chunks add up to, read from the start up to the first gap. */
    record Tally(long size, String sha256) {
    }

    private RecordingChunks() {
    }

    /** Idempotent by offset: a retried chunk is stored once. */
    static Uni<Void> add(SqlClient c, String sessionId, long offset, byte[] data) {
        return c.preparedQuery("INSERT INTO session_recording_chunks (session_id, offset_bytes, data) VALUES ($1, $2, "
                + "$3) ON CONFLICT DO NOTHING").execute(Tuple.of(sessionId, offset, io.vertx.core.buffer.Buffer.buffer(data))).replaceWithVoid();
    }

    /** Forgets an upload that did not add up, so the node's next attempt replaces it. */
    static Uni<Void> discard(SqlClient c, String sessionId) {
        return c.preparedQuery("DELETE FROM session_recording_chunks WHERE session_id = $1")
                .execute(Tuple.of(sessionId)).replaceWithVoid();
    }

    /**
     * The bytes in order, one chunk per demand (the HTTP response asks for the next only once the
     * previous one was written). Ends at the first gap: a complete recording has none (checked
     * when it was completed), so only an unfinished upload ends early.
     */
    static Multi<Buffer> read(SqlClient c, String sessionId) {
        return Multi.createBy().repeating().uni(AtomicLong::new, next -> c.preparedQuery("SELECT offset_bytes, data "
                + "FROM session_recording_chunks WHERE session_id = $1 AND offset_bytes >= $2 ORDER BY offset_bytes "
                + "LIMIT 1").execute(Tuple.of(sessionId, next.get())).map(rows -> following(rows, next)))
                .until(b -> b.length() == 0);
    }

    static Uni<Tally> tally(SqlClient c, String sessionId) {
        return read(c, sessionId).collect().in(Digest::new, Digest::add).map(Digest::tally);
    }

    private static Buffer following(RowSet<Row> rows, AtomicLong next) {
        if (!rows.iterator().hasNext()) {
            return END;
        }
        Row row = rows.iterator().next();
        if (row.getLong("offset_bytes") != next.get()) {
            return END;
        }
        Buffer data = row.getBuffer("data");
        next.addAndGet(data.length());
        return data;
    }

    private static final class Digest {
        private final MessageDigest sha;
        private long size;

        Digest() {
            try {
                sha = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        void add(Buffer data) {
            sha.update(data.getBytes());
            size += data.length();
        }

        Tally tally() {
            return new Tally(size, HexFormat.of().formatHex(sha.digest()));
        }
    }
}
