package io.gatehouse.shared.db.postgres;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The server's messages Gatehouse writes (to a client it refuses or authenticates itself) or reads
 * (to learn a session's state: its cancel key, transaction status, errors, what a command did).
 */
public final class BackendMessage {
    private BackendMessage() {
    }

    /** ErrorResponse/NoticeResponse fields by their one-letter codes (S severity, C SQLSTATE, M message, D detail, H hint). */
    public record Fields(Map<Character, String> values) {
        public Fields {
            values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
        }

        public String message() {
            return values.getOrDefault('M', "");
        }

        public String code() {
            return values.getOrDefault('C', "");
        }

        public String severity() {
            return values.getOrDefault('V', values.getOrDefault('S', ""));
        }
    }

    /** SQLSTATEs Gatehouse answers with. */
    public static final String INVALID_AUTHORIZATION = "28000";
    public static final String INVALID_PASSWORD = "28P01";
    public static final String PROTOCOL_VIOLATION = "08P01";
    public static final String CONNECTION_FAILURE = "08006";
    public static final String INSUFFICIENT_PRIVILEGE = "42501";

    /** An error a person reads in psql: "FATAL: no role of alice allows database user 'postgres' on 'orders-db'". */
    public static PgMessage error(String severity, String sqlState, String message, String hint) {
        PgWire.Body b = new PgWire.Body().int8('S').cstring(severity).int8('V').cstring(severity)
                .int8('C').cstring(sqlState).int8('M').cstring(message);
        if (hint != null && !hint.isEmpty()) {
            b.int8('H').cstring(hint);
        }
        return new PgMessage('E', b.int8(0).toBytes());
    }

    public static PgMessage fatal(String sqlState, String message, String hint) {
        return error("FATAL", sqlState, message, hint);
    }

    /** The fields of an ErrorResponse ('E') or NoticeResponse ('N'). */
    public static Fields fields(PgMessage m) throws MalformedPgMessage {
        expect(m, "error or notice", 'E', 'N');
        PgWire.Fields f = m.fields("the server's '" + m.typeChar() + "' message");
        Map<Character, String> values = new LinkedHashMap<>();
        while (true) {
            byte code = f.int8();
            if (code == 0) {
                break;
            }
            values.put((char) (code & 0xff), f.cstring());
        }
        f.end();
        return new Fields(values);
    }

    public static PgMessage authenticationOk() {
        return new PgMessage('R', new PgWire.Body().int32(0).toBytes());
    }

    /** The authentication request code of an 'R' message (0 ok, 3 cleartext, 5 MD5, 10 SASL...). */
    public static int authenticationCode(PgMessage m) throws MalformedPgMessage {
        expect(m, "authentication request", 'R');
        return m.fields("the server's authentication request").int32();
    }

    public static PgMessage parameterStatus(String name, String value) {
        return new PgMessage('S', new PgWire.Body().cstring(name).cstring(value).toBytes());
    }

    /** Transaction status: 'I' idle, 'T' in a transaction, 'E' in a failed transaction. */
    public static PgMessage readyForQuery(char status) {
        return new PgMessage('Z', new PgWire.Body().int8(status).toBytes());
    }

    public static char transactionStatus(PgMessage m) throws MalformedPgMessage {
        expect(m, "ReadyForQuery", 'Z');
        PgWire.Fields f = m.fields("ReadyForQuery");
        char status = (char) f.int8();
        f.end();
        if (status != 'I' && status != 'T' && status != 'E') {
            throw new MalformedPgMessage("ReadyForQuery with transaction status '" + PgMessageReader.printable(status)
                    + "'");
        }
        return status;
    }

    /** BackendKeyData: the process id and secret key a CancelRequest must present. */
    public static StartupPacket.CancelRequest cancelKey(PgMessage m) throws MalformedPgMessage {
        expect(m, "BackendKeyData", 'K');
        PgWire.Fields f = m.fields("BackendKeyData");
        int pid = f.int32();
        byte[] key = f.rest();
        if (key.length < 4 || key.length > 256) {
            throw new MalformedPgMessage("BackendKeyData with a " + key.length + "-byte key, not 4 to 256");
        }
        return new StartupPacket.CancelRequest(pid, key);
    }

    public static PgMessage backendKeyData(int processId, byte[] secretKey) {
        return new PgMessage('K', new PgWire.Body().int32(processId).bytes(secretKey).toBytes());
    }

    /** CommandComplete's tag: "SELECT 3", "INSERT 0 1", "COPY 10"... */
    public static String commandTag(PgMessage m) throws MalformedPgMessage {
        expect(m, "CommandComplete", 'C');
        PgWire.Fields f = m.fields("CommandComplete");
        String tag = f.cstring();
        f.end();
        return tag;
    }

    private static void expect(PgMessage m, String what, char... types) throws MalformedPgMessage {
        for (char t : types) {
            if (m.typeChar() == t) {
                return;
            }
        }
        throw new MalformedPgMessage("expected " + what + ", got message '" + PgMessageReader.printable(m.type())
                + "'");
    }
}
