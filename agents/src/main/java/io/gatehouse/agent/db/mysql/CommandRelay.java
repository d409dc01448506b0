package io.gatehouse.agent.db.mysql;

import io.gatehouse.agent.db.DbSession;
import io.gatehouse.shared.db.mysql.Command;
import io.gatehouse.shared.db.mysql.MalformedMysqlPacket;
import io.gatehouse.shared.db.mysql.MysqlPackets;
import io.gatehouse.shared.db.mysql.Replies;
import io.gatehouse.shared.rbac.Decision;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The client's side of a session: each command (sequence 0) is audited and checked before it goes
 * to the server. USE statements and COM_INIT_DB are checked against the session's roles, a change
 * of user is refused, commands Gatehouse does not know are refused (deny by default). Packets that
 * continue an exchange (LOAD DATA LOCAL's file, sequence &gt; 0) pass unread: the server only takes
 * a new command at sequence 0. Commands above the inspection limit stream through the same checks.
 */
final class CommandRelay {
    /** How much of a statement's text the audit keeps when the statement is too large to hold. */
    private static final int AUDIT_TEXT_LIMIT = 16 * 1024;
    private static final long LAST_PREPARED = 0xffff_ffffL; // MariaDB: "the statement just prepared"

    private final DbSession session;
    private final long capabilities;
    private final Object lock;
    private final OutputStream toClient;
    private final OutputStream toServer;
    private final Map<Long, ExecuteParameters.Statement> statements = new ConcurrentHashMap<>();
    private ExecuteParameters.Statement lastPrepared = new ExecuteParameters.Statement("", 0);
    private final Runnable quitting;
    private ReplyTracker tracker;

    /** {@code quitting} runs before the client's COM_QUIT goes on (the server then hangs up, as expected). */
    CommandRelay(DbSession session, long capabilities, Object lock, OutputStream toClient, OutputStream toServer,
            Runnable quitting) {
        this.session = session;
        this.quitting = quitting;
        this.capabilities = capabilities;
        this.lock = lock;
        this.toClient = toClient;
        this.toServer = toServer;
    }

    void attach(ReplyTracker tracker) {
        this.tracker = tracker;
    }

    /** What the replies say, as the tracker reads them (with the lock held, before the client sees it). */
    ReplyTracker.Listener replies() {
        return new ReplyTracker.Listener() {
            @Override
            public void prepared(long id, int parameterCount, String sql) {
                statements.put(id, new ExecuteParameters.Statement(sql, parameterCount));
            }

            @Override
            public Optional<String> schemaChanged(String database) {
                Optional<String> refusal = refusalOfDatabase(database);
                refusal.ifPresent(r -> session.audit().refused("USE " + database + " (by a statement that named it "
                        + "only when it ran; the session ends)", r));
                return refusal;
            }
        };
    }

    /** Relays until the client quits (returns) or either side fails (throws). */
    void relay(MysqlPackets in) throws IOException {
        while (true) {
            MysqlPackets.Header h = in.next();
            if (h.sequence() != 0) {
                synchronized (lock) {
                    if (tracker.idle()) {
                        // Only a reply in progress (LOAD DATA LOCAL's file) takes such packets; the server
                        // would refuse it too, but nothing unchecked is passed on.
                        throw new IOException("the client sent a packet out of order (sequence " + h.sequence()
                                + " where a command starts at 0)");
                    }
                }
                in.copy(h, toServer);
                toServer.flush();
            } else if (h.length() >= MysqlEngine.INSPECT_LIMIT) {
                if (!new LargeCommand(h).relay(in)) {
                    throw new IOException("a large command was refused; the session ends");
                }
            } else if (!command(in.read(h))) {
                return;
            }
        }
    }

    String endedBy(IOException e) {
        return e instanceof EOFException ? "" : e.getMessage();
    }

    /** One whole command; false once the client has quit. */
    private boolean command(MysqlPackets.Packet p) throws IOException {
        byte[] payload = p.payload();
        Command c;
        try {
            c = Command.parse(payload, capabilities);
        } catch (MalformedMysqlPacket e) {
            refuse(p.sequence(), Replies.HANDSHAKE_ERROR, "08S01", "a malformed command: " + e.getMessage(),
                    "malformed command");
            return true;
        }
        int code = p.first();
        switch (c) {
            case Command.Query q -> query(p, payload, q.sql());
            case Command.InitDb i -> {
                Optional<String> refusal = refusalOfDatabase(i.database());
                if (refusal.isPresent()) {
                    refuse(p.sequence(), Replies.DB_ACCESS_DENIED, "42000", refusal.get(), "USE " + i.database());
                } else {
                    forward(p, ReplyTracker.Kind.SINGLE, "");
                }
            }
            case Command.ChangeUser u -> refuse(p.sequence(), Replies.ACCESS_DENIED, "28000", "changing the database "
                    + "user within a session is not allowed through Gatehouse; connect again with gate db connect "
                    + "--db-user=" + u.user(), "change user to '" + u.user() + "'");
            case Command.StmtPrepare s -> {
                // MariaDB prepares USE too: the same check as a query's.
                StatementScanner.Union scan = StatementScanner.Union.scan(payload, 1, payload.length - 1);
                Optional<String> used = refusedUse(scan);
                if (used.isPresent()) {
                    refuse(p.sequence(), Replies.DB_ACCESS_DENIED, "42000", refusalOfDatabase(used.get()).orElseThrow(),
                            "USE " + used.get());
                    return true;
                }
                session.audit().query(s.sql(), List.of());
                lastPrepared = new ExecuteParameters.Statement(s.sql(), scan.placeholders());
                forward(p, ReplyTracker.Kind.PREPARE, s.sql());
            }
            case Command.StmtExecute e -> {
                ExecuteParameters.Statement st = e.statementId() == LAST_PREPARED ? lastPrepared
                        : statements.get(e.statementId());
                session.audit().query(executed(e.statementId(), st), st == null ? List.of("(not decoded)")
                        : ExecuteParameters.decode(payload, st));
                forward(p, ReplyTracker.Kind.RESULT, "");
            }
            case Command.StmtClose s -> {
                statements.remove(s.statementId());
                forward(p, null, "");
            }
            case Command.Quit q -> {
                quitting.run();
                forward(p, null, "");
                return false;
            }
            case Command.Other o when o.code() == Command.STMT_SEND_LONG_DATA -> {
                longData(payload);
                forward(p, null, "");
            }
            case Command.Other o -> other(p, code);
        }
        return true;
    }

    private void other(MysqlPackets.Packet p, int code) throws IOException {
        switch (code) {
            case Command.PING, Command.STATISTICS, Command.STMT_RESET, Command.SET_OPTION -> forward(p,
                    ReplyTracker.Kind.SINGLE, "");
            case Command.RESET_CONNECTION -> {
                statements.clear();
                forward(p, ReplyTracker.Kind.SINGLE, "");
            }
            case Command.STMT_FETCH -> forward(p, ReplyTracker.Kind.ROWS, "");
            case Command.FIELD_LIST -> forward(p, ReplyTracker.Kind.FIELDS, "");
            case Command.STMT_BULK_EXECUTE -> {
                long id = p.payload().length >= 5 ? le4(p.payload(), 1) : -1;
                session.audit().query("bulk execute " + executed(id, statements.get(id)), List.of("(not decoded)"));
                forward(p, ReplyTracker.Kind.RESULT, "");
            }
            default -> refuse(p.sequence(), Replies.UNKNOWN_COM, "08S01", "the command 0x" + Integer.toHexString(code)
                    + " is not allowed through Gatehouse", "command 0x" + Integer.toHexString(code));
        }
    }

    private void query(MysqlPackets.Packet p, byte[] payload, String sql) throws IOException {
        // The bytes as sent, not the decoded text: the server lexes them in the client's character set.
        StatementScanner.Union scan = StatementScanner.Union.scan(payload, 1, payload.length - 1);
        Optional<String> used = refusedUse(scan);
        if (used.isPresent()) {
            refuse(p.sequence(), Replies.DB_ACCESS_DENIED, "42000", refusalOfDatabase(used.get()).orElseThrow(),
                    "USE " + used.get());
            return;
        }
        session.audit().query(sql, List.of());
        forward(p, ReplyTracker.Kind.RESULT, "");
    }

    /** The first database a USE in the text names that the roles do not allow. */
    private Optional<String> refusedUse(StatementScanner.Union scan) {
        return scan.useTargets().stream().filter(db -> refusalOfDatabase(db).isPresent()).findFirst();
    }

    private Optional<String> refusalOfDatabase(String db) {
        Decision d = session.roles().checkDatabase(session.database().name(), session.database().labels(),
                session.dbUser(), db);
        return d.allowed() ? Optional.empty() : Optional.of("no role of " + session.user().username()
                + " allows database '" + db + "' on '" + session.database().name() + "'");
    }

    private void longData(byte[] payload) {
        if (payload.length >= 7) {
            long id = le4(payload, 1);
            ExecuteParameters.Statement st = id == LAST_PREPARED ? lastPrepared : statements.get(id);
            if (st != null) {
                st.longData.set(payload[5] & 0xff | (payload[6] & 0xff) << 8);
            }
        }
    }

    private static String executed(long id, ExecuteParameters.Statement st) {
        String name = id == LAST_PREPARED ? "the statement just prepared" : "statement " + id;
        return st == null ? "execute " + name : "execute " + name + ": " + st.sql;
    }

    private void forward(MysqlPackets.Packet p, ReplyTracker.Kind reply, String sql) throws IOException {
        if (reply != null) {
            synchronized (lock) {
                tracker.expect(new ReplyTracker.Reply(reply, (p.sequence() + 1) & 0xff, sql));
            }
        }
        MysqlPackets.write(toServer, p.sequence(), p.payload());
        toServer.flush();
    }

    /** Answers a command for the server with an ERR, in its turn after replies still coming. */
    private void refuse(int sequence, int code, String sqlState, String message, String what) throws IOException {
        session.audit().refused(what, message);
        byte[] err = Replies.error(code, sqlState, message);
        int seq = (sequence + 1) & 0xff;
        synchronized (lock) {
            if (tracker.idle()) {
                MysqlPackets.write(toClient, seq, err);
                toClient.flush();
            } else {
                tracker.expect(new ReplyTracker.Synthetic(seq, err));
            }
        }
    }

    private static long le4(byte[] b, int at) {
        return (b[at] & 0xffL) | (b[at + 1] & 0xffL) << 8 | (b[at + 2] & 0xffL) << 16 | (b[at + 3] & 0xffL) << 24;
    }

    /**
     * A command too large to hold (a 20 MiB INSERT, a prepared statement's long parameters): its
     * pieces go through the lexer as they pass, and the last piece is held back until the checks
     * are done, so a refused one never completes at the server (the session then ends).
     */
    private final class LargeCommand implements MysqlPackets.PieceInspector {
        private final MysqlPackets.Header header;
        private final ByteArrayOutputStream text = new ByteArrayOutputStream();
        private long size;
        private int code = -1;
        private StatementScanner.Union scanner;
        private byte[] start = new byte[0];

        LargeCommand(MysqlPackets.Header header) {
            this.header = header;
        }

        /** False when refused (the client has its ERR; the session must end). */
        boolean relay(MysqlPackets in) throws IOException {
            try {
                in.copy(header, toServer, this);
                toServer.flush();
                return true;
            } catch (Refused r) {
                refuse(lastSequence(), r.code, r.sqlState, r.getMessage(), r.what);
                return false;
            }
        }

        @Override
        public void inspect(byte[] buffer, int offset, int length, boolean last) throws IOException {
            int from = offset;
            if (code < 0 && length > 0) {
                code = buffer[offset] & 0xff;
                from++;
                start = java.util.Arrays.copyOfRange(buffer, offset, offset + Math.min(length, 16));
                firstPiece();
            }
            int n = length - (from - offset);
            size += n;
            if (scanner != null) {
                scanner.feed(buffer, from, n);
                text.write(buffer, from, (int) Math.max(0, Math.min(n, AUDIT_TEXT_LIMIT - text.size())));
            }
            if (last) {
                lastPiece();
            }
        }

        private void firstPiece() throws Refused {
            switch (code) {
                case Command.QUERY, Command.STMT_PREPARE -> scanner = new StatementScanner.Union();
                case Command.STMT_EXECUTE, Command.STMT_SEND_LONG_DATA, Command.STMT_BULK_EXECUTE -> {
                    // parameters: data, streamed; audited at the end
                }
                default -> throw new Refused(Replies.UNKNOWN_COM, "08S01", "a command 0x" + Integer.toHexString(code)
                        + " of more than " + MysqlEngine.INSPECT_LIMIT + " bytes is not allowed through Gatehouse",
                        "large command 0x" + Integer.toHexString(code));
            }
        }

        private void lastPiece() throws IOException {
            long id = start.length >= 5 ? le4(start, 1) : -1;
            switch (code) {
                case Command.QUERY -> {
                    refuseUse();
                    session.audit().query(auditText(), List.of());
                    expect(ReplyTracker.Kind.RESULT, "");
                }
                case Command.STMT_PREPARE -> {
                    refuseUse();
                    String sql = auditText();
                    session.audit().query(sql, List.of());
                    lastPrepared = new ExecuteParameters.Statement(sql, scanner.placeholders());
                    expect(ReplyTracker.Kind.PREPARE, sql);
                }
                case Command.STMT_EXECUTE, Command.STMT_BULK_EXECUTE -> {
                    ExecuteParameters.Statement st = id == LAST_PREPARED ? lastPrepared : statements.get(id);
                    session.audit().query((code == Command.STMT_BULK_EXECUTE ? "bulk " : "") + executed(id, st),
                            List.of("(" + size + " bytes of parameters, not decoded)"));
                    if (st != null) {
                        st.longData.clear();
                    }
                    expect(ReplyTracker.Kind.RESULT, "");
                }
                default -> longData(start);
            }
        }

        private void refuseUse() throws Refused {
            scanner.finish();
            Optional<String> used = refusedUse(scanner);
            if (used.isPresent()) {
                throw new Refused(Replies.DB_ACCESS_DENIED, "42000", refusalOfDatabase(used.get()).orElseThrow(),
                        "USE " + used.get());
            }
        }

        private void expect(ReplyTracker.Kind kind, String sql) {
            synchronized (lock) {
                tracker.expect(new ReplyTracker.Reply(kind, (lastSequence() + 1) & 0xff, sql));
            }
        }

        /** The sequence number of the command's last physical packet (one of exactly 2^24-1 bytes is followed by another). */
        private int lastSequence() {
            return (header.sequence() + (int) ((size + 1) / MysqlPackets.MAX_PAYLOAD)) & 0xff;
        }

        private String auditText() {
            String s = text.toString(StandardCharsets.UTF_8);
            return size > AUDIT_TEXT_LIMIT ? s + "… (" + (size + 1) + " bytes)" : s;
        }
    }

    /** A large command refused while it streams. */
    private static final class Refused extends IOException {
        final int code;
        final String sqlState;
        final String what;

        Refused(int code, String sqlState, String message, String what) {
            super(message);
            this.code = code;
            this.sqlState = sqlState;
            this.what = what;
        }
    }
}
