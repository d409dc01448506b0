package io.gatehouse.agent.db.postgres;

import io.gatehouse.agent.db.DbSession;
import io.gatehouse.shared.db.postgres.FrontendMessage;
import io.gatehouse.shared.db.postgres.FrontendWriter;
import io.gatehouse.shared.db.postgres.MalformedPgMessage;
import io.gatehouse.shared.db.postgres.PgMessage;
import io.gatehouse.shared.db.postgres.PgMessageReader;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The client's messages on their way to the database. Statements (Query, Parse) are read whole up
 * to {@link #MAX_STATEMENT}, checked (identity changes against the roles) and audited: a Query
 * once, an extended-protocol statement at its first Execute after Bind, with its parameters. A
 * refused statement is replaced by one that fails with the refusal, so the answer comes from the
 * server in order, whatever the client pipelined. Everything else (COPY data, function calls)
 * passes through in pieces, unread.
 */
final class FrontendRelay {
    static final int MAX_STATEMENT = 16 * 1024 * 1024;
    /** Bind messages up to this size are read for their parameters; bigger ones pass unread. */
    static final int MAX_BIND = 1024 * 1024;
    private static final int MAX_PREPARED = 1024;
    /** The text kept for a prepared statement that was refused (a NUL cannot be in a statement). */
    private static final String REFUSED = "\u0000refused";

    /** The client broke the protocol; the message says how, for the client. */
    static final class ClientProblem extends IOException {
        ClientProblem(String message) {
            super(message);
        }
    }

    private record Portal(String text, List<String> parameters) {
    }

    private final DbSession session;
    private final StatementChecks checks;
    /** Prepared statements' text by name (bounded: the oldest are forgotten). */
    private final Map<String, String> statements = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > MAX_PREPARED;
        }
    };
    private final Map<String, Portal> portals = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Portal> eldest) {
            return size() > MAX_PREPARED;
        }
    };

    FrontendRelay(DbSession session, StatementChecks checks) {
        this.session = session;
        this.checks = checks;
    }

    /** Relays until the client ends (EOF or Terminate); a protocol error is a ClientProblem. */
    void run(InputStream fromClient, OutputStream toDatabase) throws IOException {
        BufferedInputStream in = new BufferedInputStream(fromClient, 64 * 1024);
        PgMessageReader reader = new PgMessageReader(in, MAX_STATEMENT);
        OutputStream db = new BufferedOutputStream(toDatabase, 64 * 1024);
        while (true) {
            PgMessageReader.Header h;
            try {
                h = reader.next();
            } catch (EOFException e) {
                return;
            } catch (MalformedPgMessage e) {
                throw new ClientProblem(e.getMessage());
            }
            boolean terminate = relay(h, reader, db);
            if (terminate || in.available() == 0) {
                db.flush();
            }
            if (terminate) {
                return;
            }
        }
    }

    private boolean relay(PgMessageReader.Header h, PgMessageReader reader, OutputStream db) throws IOException {
        switch (h.typeChar()) {
            case 'Q' -> {
                PgMessage m = body(reader, h);
                String sql = ((FrontendMessage.Query) parse(m)).sql();
                Optional<String> refusal = checks.refusal(sql);
                if (refusal.isPresent()) {
                    session.audit().refused(sql, refusal.get());
                    FrontendWriter.query(StatementChecks.failing(refusal.get())).write(db);
                } else {
                    session.audit().query(sql, List.of());
                    m.write(db);
                }
            }
            case 'P' -> {
                PgMessage m = body(reader, h);
                FrontendMessage.Parse p = (FrontendMessage.Parse) parse(m);
                Optional<String> refusal = checks.refusal(p.sql());
                if (refusal.isPresent()) {
                    session.audit().refused(p.sql(), refusal.get());
                    statements.put(p.name(), REFUSED); // audited once, as refused: its executions run nothing
                    FrontendWriter.parse(p.name(), StatementChecks.failing(refusal.get()), List.of()).write(db);
                } else {
                    statements.put(p.name(), p.sql());
                    m.write(db);
                }
            }
            case 'B' -> {
                if (h.bodyLength() > MAX_BIND) {
                    portals.put("", new Portal(statements.getOrDefault("", ""), List.of("(parameters of "
                            + h.bodyLength() + " bytes, not recorded)")));
                    reader.copy(h, db);
                } else {
                    PgMessage m = body(reader, h);
                    FrontendWriter.BindValues b = FrontendWriter.bindValues(m, 32, 256);
                    portals.put(b.portal(), new Portal(statements.getOrDefault(b.statement(), "(statement "
                            + b.statement() + " prepared before it could be read)"), b.values()));
                    m.write(db);
                }
            }
            case 'E' -> {
                PgMessage m = body(reader, h);
                Portal p = portals.remove(((FrontendMessage.Execute) parse(m)).portal());
                if (p != null && !REFUSED.equals(p.text())) {
                    session.audit().query(p.text(), p.parameters());
                }
                m.write(db);
            }
            case 'X' -> {
                reader.copy(h, db);
                return true;
            }
            default -> reader.copy(h, db);
        }
        return false;
    }

    private static PgMessage body(PgMessageReader reader, PgMessageReader.Header h) throws IOException {
        try {
            return reader.body(h);
        } catch (MalformedPgMessage e) {
            throw new ClientProblem(e.getMessage());
        }
    }

    private static FrontendMessage parse(PgMessage m) throws IOException {
        try {
            return FrontendMessage.parse(m);
        } catch (MalformedPgMessage e) {
            throw new ClientProblem(e.getMessage());
        }
    }
}
