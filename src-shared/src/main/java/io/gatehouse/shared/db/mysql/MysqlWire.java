package io.gatehouse.shared.db.mysql;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The protocol's field types over one payload, bounds-checked: little-endian fixed integers,
 * length-encoded integers and strings, NUL-terminated strings and "rest of packet" strings.
 */
public final class MysqlWire {
    private MysqlWire() {
    }

    public static final class Fields {
        private final byte[] b;
        private final String what;
        private int pos;

        public Fields(byte[] payload, String what) {
            this.b = payload;
            this.what = what;
        }

        public int int1() throws MalformedMysqlPacket {
            need(1, "a byte");
            return b[pos++] & 0xff;
        }

        public int int2() throws MalformedMysqlPacket {
            return (int) fixed(2);
        }

        public long int4() throws MalformedMysqlPacket {
            return fixed(4);
        }

        public long fixed(int n) throws MalformedMysqlPacket {
            need(n, "a " + (8 * n) + "-bit integer");
            long v = 0;
            for (int i = 0; i < n; i++) {
                v |= (long) (b[pos++] & 0xff) << (8 * i);
            }
            return v;
        }

        /** A length-encoded integer; 0xfb (NULL) and 0xff (error marker) are not integers here. */
        public long lenenc() throws MalformedMysqlPacket {
            int first = int1();
            return switch (first) {
                case 0xfc -> fixed(2);
                case 0xfd -> fixed(3);
                case 0xfe -> {
                    long v = fixed(8);
                    if (v < 0) {
                        throw new MalformedMysqlPacket(what + ": a length above 2^63");
                    }
                    yield v;
                }
                case 0xfb, 0xff -> throw new MalformedMysqlPacket(what + ": 0x" + Integer.toHexString(first)
                        + " where a length-encoded integer should be");
                default -> first;
            };
        }

        public byte[] bytes(long n) throws MalformedMysqlPacket {
            if (n < 0 || n > remaining()) {
                throw new MalformedMysqlPacket(what + ": ends where " + n + " bytes should be");
            }
            byte[] out = java.util.Arrays.copyOfRange(b, pos, pos + (int) n);
            pos += (int) n;
            return out;
        }

        public String lenencString() throws MalformedMysqlPacket {
            return new String(bytes(lenenc()), StandardCharsets.UTF_8);
        }

        public String nulString() throws MalformedMysqlPacket {
            for (int i = pos; i < b.length; i++) {
                if (b[i] == 0) {
                    String s = new String(b, pos, i - pos, StandardCharsets.UTF_8);
                    pos = i + 1;
                    return s;
                }
            }
            throw new MalformedMysqlPacket(what + ": a string is not terminated");
        }

        /** A NUL-terminated string that some servers and clients end with the packet instead. */
        public String nulOrEndString() {
            int end = pos;
            while (end < b.length && b[end] != 0) {
                end++;
            }
            String s = new String(b, pos, end - pos, StandardCharsets.UTF_8);
            pos = Math.min(b.length, end + 1);
            return s;
        }

        public String restString() {
            String s = new String(b, pos, b.length - pos, StandardCharsets.UTF_8);
            pos = b.length;
            return s;
        }

        public void skip(int n) throws MalformedMysqlPacket {
            need(n, n + " bytes");
            pos += n;
        }

        public int remaining() {
            return b.length - pos;
        }

        private void need(int n, String field) throws MalformedMysqlPacket {
            if (remaining() < n) {
                throw new MalformedMysqlPacket(what + ": ends where " + field + " should be");
            }
        }
    }

    public static final class Payload {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        public Payload int1(int v) {
            out.write(v);
            return this;
        }

        public Payload fixed(long v, int n) {
            for (int i = 0; i < n; i++) {
                out.write((int) (v >>> (8 * i)));
            }
            return this;
        }

        public Payload lenenc(long v) {
            if (v < 0xfb) {
                return int1((int) v);
            } else if (v <= 0xffff) {
                return int1(0xfc).fixed(v, 2);
            } else if (v <= 0xffffff) {
                return int1(0xfd).fixed(v, 3);
            }
            return int1(0xfe).fixed(v, 8);
        }

        public Payload bytes(byte[] b) {
            out.writeBytes(b);
            return this;
        }

        public Payload lenencBytes(byte[] b) {
            return lenenc(b.length).bytes(b);
        }

        public Payload nulString(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            for (byte x : b) {
                if (x == 0) {
                    throw new IllegalArgumentException("a NUL-terminated string cannot hold a NUL byte");
                }
            }
            return bytes(b).int1(0);
        }

        public Payload string(String s) {
            return bytes(s.getBytes(StandardCharsets.UTF_8));
        }

        public byte[] toBytes() {
            return out.toByteArray();
        }
    }
}
