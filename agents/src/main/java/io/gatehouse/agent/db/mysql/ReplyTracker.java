package io.gatehouse.agent.db.mysql;

import static io.gatehouse.shared.db.mysql.Capabilities.has;

import io.gatehouse.shared.db.mysql.Capabilities;
import io.gatehouse.shared.db.mysql.MalformedMysqlPacket;
import io.gatehouse.shared.db.mysql.MysqlPackets;
import io.gatehouse.shared.db.mysql.MysqlWire;
import io.gatehouse.shared.db.mysql.Replies;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * Follows the server's replies to the client's commands (which may be pipelined: the MariaDB driver
 * sends PREPARE and EXECUTE together) so the relay knows where each reply ends. It learns the ids
 * of prepared statements (for the audit of their executions), the sequence number an error would
 * need if the database died now, and
 * when the agent's own refusals of later commands are due (in order, after earlier replies).
 *
 * <p>Reply shapes (MySQL client/server protocol, "Text/Binary Protocol"): OK | ERR | result sets
 * (column count, definitions, [EOF], rows, EOF-or-OK; repeated while SERVER_MORE_RESULTS_EXISTS);
 * COM_STMT_PREPARE_OK with parameter and column definitions; rows only for COM_STMT_FETCH; one
 * packet for the simple commands. A reply the tracker cannot follow (an unknown command) stops
 * tracking for the session: bytes still pass unchanged, only the extras above are lost.
 *
 * <p>Methods are called with the relay's lock held (the client side enqueues, the server side reads).
 */
final class ReplyTracker {
    static final int SERVER_MORE_RESULTS_EXISTS = 0x0008;
    static final int SERVER_STATUS_CURSOR_EXISTS = 0x0040;

    enum Kind { RESULT, PREPARE, SINGLE, FIELDS, ROWS }

    sealed interface Expected {
    }

    /** A command forwarded to the server; its reply starts at {@code firstSequence}. */
    record Reply(Kind kind, int firstSequence, String sql) implements Expected {
    }

    /** A packet the agent answers for the server (a refusal), due once the replies before it are complete. */
    record Synthetic(int sequence, byte[] payload) implements Expected {
    }

    /** What the tracker learns from the replies. */
    interface Listener {
        /** The server's COM_STMT_PREPARE_OK. */
        void prepared(long statementId, int parameterCount, String sql);

        /**
         * The server says (session tracking) the current database is now {@code database}: however it
         * came about (dynamic SQL, a procedure), a refusal reason ends the session.
         */
        Optional<String> schemaChanged(String database);
    }

    /** The session reached a database its roles do not allow; the packet announcing it is not passed on. */
    static final class Refusal extends IOException {
        final int sequence;

        Refusal(int sequence, String reason) {
            super(reason);
            this.sequence = sequence;
        }
    }

    static final int SERVER_SESSION_STATE_CHANGED = 0x4000;
    private static final int SESSION_TRACK_SCHEMA = 1;

    private enum Phase { START, COLUMNS, COLUMNS_EOF, ROWS, PARAMS, PARAMS_EOF, PREPARED_COLUMNS, PREPARED_COLUMNS_EOF,
        FIELDS }

    private final Deque<Expected> queue = new ArrayDeque<>();
    private final boolean deprecateEof;
    private final boolean progress;
    private final boolean cacheMetadata;
    private final Listener listener;
    private final boolean sessionTrack;
    private Phase phase = Phase.START;
    private int remaining;
    private int preparedColumns;
    private int lastSequence = -1;
    private boolean replyStarted;
    private boolean lost;
    private int status;

    ReplyTracker(long capabilities, int initialStatus, Listener listener) {
        this.sessionTrack = has(capabilities, Capabilities.SESSION_TRACK);
        this.deprecateEof = has(capabilities, Capabilities.DEPRECATE_EOF);
        this.progress = has(capabilities, Capabilities.MARIADB_PROGRESS);
        this.cacheMetadata = has(capabilities, Capabilities.MARIADB_CACHE_METADATA);
        this.status = initialStatus;
        this.listener = listener;
    }

    void expect(Expected e) {
        queue.add(e);
    }

    /** No reply is awaited (an agent's refusal can go to the client at once). */
    boolean idle() {
        return lost || queue.isEmpty();
    }

    /** The sequence number an ERR to the client needs now, if it awaits a reply. */
    Optional<Integer> awaitedSequence() {
        if (lost) {
            return lastSequence < 0 ? Optional.empty() : Optional.of((lastSequence + 1) & 0xff);
        }
        return queue.stream().filter(Reply.class::isInstance).map(Reply.class::cast).findFirst()
                .map(r -> replyStarted ? (lastSequence + 1) & 0xff : r.firstSequence());
    }

    /** One packet of the server's (whole when {@code payload} is present, else a large row). */
    void onPacket(int sequence, int length, Optional<byte[]> payload) throws Refusal {
        lastSequence = sequence;
        if (lost) {
            return;
        }
        if (!(queue.peek() instanceof Reply reply)) {
            lost = true; // a packet nobody asked for
            return;
        }
        replyStarted = true;
        if (payload.isEmpty()) {
            lost = phase != Phase.ROWS;
            return;
        }
        byte[] p = payload.get();
        int first = p.length == 0 ? -1 : p[0] & 0xff;
        // OK packets only: a COM_STMT_PREPARE_OK and a binary row start with 0x00 too.
        boolean ok = first == Replies.OK && phase == Phase.START && (reply.kind() == Kind.RESULT
                || reply.kind() == Kind.SINGLE)
                || first == Replies.EOF && phase == Phase.ROWS && deprecateEof && length < MysqlPackets.MAX_PAYLOAD;
        if (ok) {
            trackSchema(sequence, p);
        }
        try {
            switch (phase) {
                case START -> start(reply, first, p);
                case COLUMNS -> {
                    if (--remaining == 0) {
                        phase = deprecateEof ? Phase.ROWS : Phase.COLUMNS_EOF;
                    }
                }
                case COLUMNS_EOF -> {
                    status = eofStatus(p);
                    if ((status & SERVER_STATUS_CURSOR_EXISTS) != 0) {
                        endOfResult(); // an execution with a cursor: rows come by COM_STMT_FETCH
                    } else {
                        phase = Phase.ROWS;
                    }
                }
                case ROWS -> row(first, length, p);
                case PARAMS -> {
                    if (--remaining == 0) {
                        phase = deprecateEof ? afterParams() : Phase.PARAMS_EOF;
                    }
                }
                case PARAMS_EOF -> phase = afterParams();
                case PREPARED_COLUMNS -> {
                    if (--remaining == 0) {
                        if (deprecateEof) {
                            done();
                        } else {
                            phase = Phase.PREPARED_COLUMNS_EOF;
                        }
                    }
                }
                case PREPARED_COLUMNS_EOF -> done();
                case FIELDS -> {
                    if (first == Replies.ERR || first == Replies.EOF && length < 9) {
                        done();
                    }
                }
            }
        } catch (MalformedMysqlPacket e) {
            lost = true;
        }
    }

    /** OK: header, affected rows, insert id, status, warnings, [info, session state changes] (SESSION_TRACK). */
    private void trackSchema(int sequence, byte[] p) throws Refusal {
        if (!sessionTrack) {
            return;
        }
        Optional<String> schema = Optional.empty();
        try {
            MysqlWire.Fields f = new MysqlWire.Fields(p, "the server's OK");
            f.int1();
            f.lenenc();
            f.lenenc();
            int flags = f.int2();
            f.int2();
            if ((flags & SERVER_SESSION_STATE_CHANGED) == 0 || f.remaining() == 0) {
                return;
            }
            f.lenencString();
            MysqlWire.Fields changes = new MysqlWire.Fields(f.bytes(f.lenenc()), "the server's session state");
            while (changes.remaining() > 0) {
                int type = changes.int1();
                byte[] data = changes.bytes(changes.lenenc());
                if (type == SESSION_TRACK_SCHEMA) {
                    schema = Optional.of(new MysqlWire.Fields(data, "the tracked schema").lenencString());
                }
            }
        } catch (MalformedMysqlPacket e) {
            return; // not an OK after all (or not one this tracker reads): nothing learnt
        }
        if (schema.isPresent()) {
            Optional<String> refusal = listener.schemaChanged(schema.get());
            if (refusal.isPresent()) {
                throw new Refusal(sequence, refusal.get());
            }
        }
    }

    /** The agent's refusals now due (their turn has come), to write after the packet just handled. */
    List<Synthetic> due() {
        List<Synthetic> out = new ArrayList<>();
        while (!lost && queue.peek() instanceof Synthetic s) {
            out.add(s);
            queue.poll();
        }
        return out;
    }

    private void start(Reply reply, int first, byte[] p) throws MalformedMysqlPacket {
        if (first == Replies.ERR) {
            if (!(progress && p.length >= 3 && (p[1] & 0xff | (p[2] & 0xff) << 8) == 0xffff)) {
                done();
            }
            return;
        }
        switch (reply.kind()) {
            case SINGLE -> {
                if (first == Replies.OK || first == Replies.EOF) {
                    status = okOrEofStatus(p);
                }
                done();
            }
            case FIELDS -> {
                phase = Phase.FIELDS;
                if (first == Replies.EOF && p.length < 9) {
                    done();
                }
            }
            case ROWS -> {
                phase = Phase.ROWS;
                row(first, p.length, p);
            }
            case PREPARE -> prepared(reply, p);
            case RESULT -> result(first, p);
        }
    }

    private void result(int first, byte[] p) throws MalformedMysqlPacket {
        if (first == Replies.OK) {
            status = okOrEofStatus(p);
            endOfResult();
        } else if (first == 0xfb) {
            // LOAD DATA LOCAL INFILE: the client sends the file, then the server's OK or ERR ends the reply
        } else {
            MysqlWire.Fields f = new MysqlWire.Fields(p, "the server's column count");
            remaining = (int) Math.min(Integer.MAX_VALUE, f.lenenc());
            boolean metadataFollows = !cacheMetadata || f.remaining() == 0 || f.int1() != 0;
            phase = metadataFollows && remaining > 0 ? Phase.COLUMNS : deprecateEof ? Phase.ROWS : Phase.COLUMNS_EOF;
        }
    }

    private void prepared(Reply reply, byte[] p) throws MalformedMysqlPacket {
        MysqlWire.Fields f = new MysqlWire.Fields(p, "the server's COM_STMT_PREPARE_OK");
        f.int1();
        long id = f.int4();
        preparedColumns = f.int2();
        int params = f.int2();
        listener.prepared(id, params, reply.sql());
        remaining = params;
        phase = params > 0 ? Phase.PARAMS : afterParams();
    }

    private Phase afterParams() {
        if (preparedColumns == 0) {
            done();
            return Phase.START;
        }
        remaining = preparedColumns;
        return Phase.PREPARED_COLUMNS;
    }

    private void row(int first, int length, byte[] p) throws MalformedMysqlPacket {
        if (first == Replies.EOF && length < MysqlPackets.MAX_PAYLOAD && (deprecateEof || length < 9)) {
            status = okOrEofStatus(p);
            endOfResult();
        } else if (first == Replies.ERR) {
            done();
        }
    }

    private void endOfResult() {
        if ((status & SERVER_MORE_RESULTS_EXISTS) != 0) {
            phase = Phase.START; // the next result of the same command
        } else {
            done();
        }
    }

    private void done() {
        queue.poll();
        phase = Phase.START;
        replyStarted = false;
    }

    /** The status flags of an OK or EOF packet (what the server says about its session: more results, quoting). */
    private int okOrEofStatus(byte[] p) {
        try {
            return p.length < 9 && (p[0] & 0xff) == Replies.EOF ? eofStatus(p) : Replies.okOf(p).status();
        } catch (MalformedMysqlPacket e) {
            return status;
        }
    }

    /** EOF: 0xfe, warnings (2), status (2). */
    private static int eofStatus(byte[] p) throws MalformedMysqlPacket {
        MysqlWire.Fields f = new MysqlWire.Fields(p, "the server's EOF");
        f.skip(3);
        return f.int2();
    }
}
