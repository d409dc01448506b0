package io.gatehouse.shared.db.postgres;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The messages of a login where Gatehouse is the client (the agent logging in to a database):
 * the server's authentication requests' data, and the password and SASL answers. Secrets pass
 * through as bytes, and the caller clears what it passed in.
 */
public final class PgAuthMessages {
    public static final int OK = 0;
    public static final int CLEARTEXT = 3;
    public static final int MD5 = 5;
    public static final int SASL = 10;
    public static final int SASL_CONTINUE = 11;
    public static final int SASL_FINAL = 12;

    private PgAuthMessages() {
    }

    /** What follows the request code of an 'R' message: MD5's salt, SASL's data. */
    public static byte[] data(PgMessage m) throws MalformedPgMessage {
        PgWire.Fields f = m.fields("the server's authentication request");
        f.int32();
        return f.rest();
    }

    /** AuthenticationSASL's mechanisms ("SCRAM-SHA-256", "SCRAM-SHA-256-PLUS"). */
    public static List<String> saslMechanisms(PgMessage m) throws MalformedPgMessage {
        PgWire.Fields f = m.fields("the server's SASL mechanisms");
        f.int32();
        List<String> out = new ArrayList<>();
        while (true) {
            String name = f.cstring();
            if (name.isEmpty()) {
                return out;
            }
            out.add(name);
        }
    }

    /** PasswordMessage with a NUL-terminated password (cleartext, or MD5's "md5..." hex). */
    public static byte[] password(byte[] utf8) {
        byte[] body = new byte[utf8.length + 1];
        System.arraycopy(utf8, 0, body, 0, utf8.length);
        byte[] out = new PgWire.Body().int8('p').int32(body.length + 4).bytes(body).toBytes();
        java.util.Arrays.fill(body, (byte) 0);
        return out;
    }

    public static byte[] saslInitial(String mechanism, byte[] data) {
        byte[] body = new PgWire.Body().cstring(mechanism).int32(data.length).bytes(data).toBytes();
        return new PgWire.Body().int8('p').int32(body.length + 4).bytes(body).toBytes();
    }

    public static byte[] saslResponse(byte[] data) {
        return new PgWire.Body().int8('p').int32(data.length + 4).bytes(data).toBytes();
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
