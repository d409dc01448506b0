package io.gatehouse.shared.db.mysql;

/** The server's OK and ERR packets: read to learn what happened, written to refuse a client in its own protocol. */
public final class Replies {
    public static final int OK = 0x00;
    public static final int EOF = 0xfe;
    public static final int ERR = 0xff;

    /** MySQL's own codes for the refusals Gatehouse makes (the client shows "ERROR 1045 (28000): ..."). */
    public static final int ACCESS_DENIED = 1045;
    public static final int DB_ACCESS_DENIED = 1044;
    public static final int UNKNOWN_COM = 1047;
    public static final int HANDSHAKE_ERROR = 1043;

    private Replies() {
    }

    public record Error(int code, String sqlState, String message) {
    }

    public record Ok(long affectedRows, long lastInsertId, int status, int warnings) {
    }

    /** An ERR packet payload as a 4.1 client reads it: "ERROR code (sqlstate): message". */
    public static byte[] error(int code, String sqlState, String message) {
        if (sqlState.length() != 5) {
            throw new IllegalArgumentException("an SQLSTATE has five characters: " + sqlState);
        }
        return new MysqlWire.Payload().int1(ERR).fixed(code, 2).string("#" + sqlState).string(message).toBytes();
    }

    public static Error errorOf(byte[] payload) throws MalformedMysqlPacket {
        MysqlWire.Fields f = new MysqlWire.Fields(payload, "the server's error");
        if (f.int1() != ERR) {
            throw new MalformedMysqlPacket("not an ERR packet");
        }
        int code = f.int2();
        String rest = f.restString();
        if (rest.startsWith("#") && rest.length() >= 6) {
            return new Error(code, rest.substring(1, 6), rest.substring(6));
        }
        return new Error(code, "HY000", rest);
    }

    /** An OK packet (0x00, or 0xfe when it ends a result set under DEPRECATE_EOF). */
    public static Ok okOf(byte[] payload) throws MalformedMysqlPacket {
        MysqlWire.Fields f = new MysqlWire.Fields(payload, "the server's OK");
        int header = f.int1();
        if (header != OK && header != EOF) {
            throw new MalformedMysqlPacket("not an OK packet (0x" + Integer.toHexString(header) + ")");
        }
        return new Ok(f.lenenc(), f.lenenc(), f.int2(), f.int2());
    }

    public static byte[] ok(long affectedRows, int status) {
        return new MysqlWire.Payload().int1(OK).lenenc(affectedRows).lenenc(0).fixed(status, 2).fixed(0, 2).toBytes();
    }
}
