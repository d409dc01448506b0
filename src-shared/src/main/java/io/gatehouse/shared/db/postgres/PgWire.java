package io.gatehouse.shared.db.postgres;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Reading and writing the protocol's field types (Int16/Int32 big-endian, NUL-terminated strings)
 * over one message body, bounds-checked: a field that runs past the body is a MalformedPgMessage,
 * never an index error.
 */
final class PgWire {
    private PgWire() {
    }

    /** A cursor over a message body. */
    static final class Fields {
        private final ByteBuffer body;
        private final String message;

        Fields(byte[] body, String message) {
            this.body = ByteBuffer.wrap(body);
            this.message = message;
        }

        int int16() throws MalformedPgMessage {
            need(2, "a 16-bit integer");
            return body.getShort();
        }

        /** A count (of parameters, formats, columns): the server reads these as unsigned 16-bit. */
        int uint16() throws MalformedPgMessage {
            return int16() & 0xffff;
        }

        int int32() throws MalformedPgMessage {
            need(4, "a 32-bit integer");
            return body.getInt();
        }

        byte int8() throws MalformedPgMessage {
            need(1, "a byte");
            return body.get();
        }

        /** A NUL-terminated string, UTF-8 (client_encoding is UTF8 for every client Gatehouse serves). */
        String cstring() throws MalformedPgMessage {
            int start = body.position();
            for (int i = start; i < body.limit(); i++) {
                if (body.get(i) == 0) {
                    String s = new String(body.array(), start, i - start, StandardCharsets.UTF_8);
                    body.position(i + 1);
                    return s;
                }
            }
            throw new MalformedPgMessage(message + ": a string is not terminated");
        }

        byte[] bytes(int n) throws MalformedPgMessage {
            if (n < 0) {
                throw new MalformedPgMessage(message + ": a negative length (" + n + ")");
            }
            need(n, n + " bytes");
            byte[] b = new byte[n];
            body.get(b);
            return b;
        }

        /** The bytes not read yet. */
        byte[] rest() {
            byte[] b = new byte[body.remaining()];
            body.get(b);
            return b;
        }

        int remaining() {
            return body.remaining();
        }

        void end() throws MalformedPgMessage {
            if (body.hasRemaining()) {
                throw new MalformedPgMessage(message + ": " + body.remaining() + " bytes past its end");
            }
        }

        private void need(int n, String what) throws MalformedPgMessage {
            if (body.remaining() < n) {
                throw new MalformedPgMessage(message + ": ends where " + what + " should be");
            }
        }
    }

    /** Builds a message body. */
    static final class Body {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Body int16(int v) {
            out.write(v >>> 8);
            out.write(v);
            return this;
        }

        Body int32(int v) {
            out.write(v >>> 24);
            out.write(v >>> 16);
            out.write(v >>> 8);
            out.write(v);
            return this;
        }

        Body int8(int v) {
            out.write(v);
            return this;
        }

        Body cstring(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            for (byte x : b) {
                if (x == 0) {
                    throw new IllegalArgumentException("a protocol string cannot hold a NUL byte");
                }
            }
            out.writeBytes(b);
            out.write(0);
            return this;
        }

        Body bytes(byte[] b) {
            out.writeBytes(b);
            return this;
        }

        byte[] toBytes() {
            return out.toByteArray();
        }
    }
}
