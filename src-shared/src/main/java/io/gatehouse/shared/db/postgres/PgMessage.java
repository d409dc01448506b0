package io.gatehouse.shared.db.postgres;

import java.io.IOException;
import java.io.OutputStream;

/**
 * One typed message of the protocol (after startup), either direction: a type byte and its body.
 * On the wire: Byte1 type, Int32 length (counting itself, not the type), body.
 */
public record PgMessage(byte type, byte[] body) {
    /** The protocol's own ceiling (PQ_LARGE_MESSAGE_LIMIT): a longer length is not PostgreSQL. */
    public static final int MAX_LENGTH = 0x3fff_ffff;

    public PgMessage {
        body = body.clone();
    }

    public PgMessage(char type, byte[] body) {
        this((byte) type, body);
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    /** The type as the protocol documents it ('Q', 'E', ...). */
    public char typeChar() {
        return (char) (type & 0xff);
    }

    public byte[] toBytes() {
        return new PgWire.Body().int8(type).int32(body.length + 4).bytes(body).toBytes();
    }

    public void write(OutputStream out) throws IOException {
        out.write(toBytes());
    }

    PgWire.Fields fields(String what) {
        return new PgWire.Fields(body, what);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PgMessage m && m.type == type && java.util.Arrays.equals(m.body, body);
    }

    @Override
    public int hashCode() {
        return 31 * type + java.util.Arrays.hashCode(body);
    }

    @Override
    public String toString() {
        return "PgMessage['" + typeChar() + "', " + body.length + " bytes]";
    }
}
