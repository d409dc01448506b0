package io.gatehouse.shared.db.postgres;

import java.util.ArrayList;
import java.util.List;

/**
 * The client's typed messages that Gatehouse understands (to audit and check them); everything
 * else passes as {@link Other}. Parameter values of Bind are kept only as their sizes and formats:
 * they may be secrets, and the audit records the statement, not the data.
 */
public sealed interface FrontendMessage {
    /** Simple query protocol: one or more statements in one string. */
    record Query(String sql) implements FrontendMessage {
    }

    /** Extended protocol: prepare {@code sql} as statement {@code name} ("" = unnamed). */
    record Parse(String name, String sql, List<Integer> parameterTypes) implements FrontendMessage {
        public Parse {
            parameterTypes = List.copyOf(parameterTypes);
        }
    }

    /** Bind a prepared statement to a portal; values as their byte lengths (-1 = NULL), never their content. */
    record Bind(String portal, String statement, int parameterCount, List<Integer> parameterLengths)
            implements FrontendMessage {
        public Bind {
            parameterLengths = List.copyOf(parameterLengths);
        }
    }

    /** Run a portal, {@code maxRows} at most (0 = all). */
    record Execute(String portal, int maxRows) implements FrontendMessage {
    }

    /** Describe or Close a statement ('S') or portal ('P'). */
    record Describe(char what, String name) implements FrontendMessage {
    }

    record Close(char what, String name) implements FrontendMessage {
    }

    record Sync() implements FrontendMessage {
    }

    record Flush() implements FrontendMessage {
    }

    record Terminate() implements FrontendMessage {
    }

    /** A password, SASL or GSS response: the content is a secret and is never parsed or kept. */
    record AuthenticationResponse(int length) implements FrontendMessage {
    }

    /** COPY FROM STDIN's end (CopyDone) or abort (CopyFail, with the client's reason). */
    record CopyDone() implements FrontendMessage {
    }

    record CopyFail(String reason) implements FrontendMessage {
    }

    /** The fast-path function call interface (used by large-object functions). */
    record FunctionCall(int functionOid) implements FrontendMessage {
    }

    /** Anything else (CopyData, unknown types), passed through unread. */
    record Other(char type, int length) implements FrontendMessage {
    }

    /** Parses a client message; a body that does not match its type is a MalformedPgMessage. */
    static FrontendMessage parse(PgMessage m) throws MalformedPgMessage {
        PgWire.Fields f = m.fields("the client's message '" + PgMessageReader.printable(m.type()) + "'");
        FrontendMessage parsed = switch (m.typeChar()) {
            case 'Q' -> new Query(f.cstring());
            case 'P' -> parseMessage(f);
            case 'B' -> bind(f);
            case 'E' -> new Execute(f.cstring(), f.int32());
            case 'D' -> new Describe(which(f), f.cstring());
            case 'C' -> new Close(which(f), f.cstring());
            case 'S' -> new Sync();
            case 'H' -> new Flush();
            case 'X' -> new Terminate();
            case 'c' -> new CopyDone();
            case 'f' -> new CopyFail(f.cstring());
            case 'p' -> new AuthenticationResponse(f.rest().length);
            case 'F' -> {
                int oid = f.int32();
                f.rest(); // arguments: data, not audited
                yield new FunctionCall(oid);
            }
            default -> {
                f.rest();
                yield new Other(m.typeChar(), m.body().length);
            }
        };
        f.end();
        return parsed;
    }

    private static Parse parseMessage(PgWire.Fields f) throws MalformedPgMessage {
        String name = f.cstring();
        String sql = f.cstring();
        int n = f.uint16();
        List<Integer> types = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            types.add(f.int32());
        }
        return new Parse(name, sql, types);
    }

    private static Bind bind(PgWire.Fields f) throws MalformedPgMessage {
        String portal = f.cstring();
        String statement = f.cstring();
        int formats = f.uint16();
        for (int i = 0; i < formats; i++) {
            f.int16();
        }
        int n = f.uint16();
        List<Integer> lengths = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int len = f.int32();
            if (len < -1) {
                throw new MalformedPgMessage("Bind parameter " + (i + 1) + " has length " + len);
            }
            lengths.add(len);
            if (len > 0) {
                f.bytes(len); // skipped: values are data
            }
        }
        int results = f.uint16();
        for (int i = 0; i < results; i++) {
            f.int16();
        }
        return new Bind(portal, statement, n, lengths);
    }

    private static char which(PgWire.Fields f) throws MalformedPgMessage {
        char c = (char) f.int8();
        if (c != 'S' && c != 'P') {
            throw new MalformedPgMessage("Describe/Close of '" + PgMessageReader.printable(c)
                    + "', neither a statement ('S') nor a portal ('P')");
        }
        return c;
    }
}
