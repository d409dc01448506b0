package io.gatehouse.agent.sftp;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * SFTP's wire encoding (draft-ietf-secsh-filexfer-02 section 3): a uint32 length, then the packet.
 * Every read is bounds-checked against the packet, so a short or lying packet is a
 * {@link Malformed} and never an out-of-bounds read.
 */
final class SftpPacket {
    /** As OpenSSH's sftp-server: a packet (type, id, payload) is at most 256 KiB. */
    static final int MAX_LENGTH = 256 * 1024;

    /** A packet that does not parse: the session ends, as with OpenSSH's sftp-server. */
    static final class Malformed extends IOException {
        Malformed(String message) {
            super(message);
        }
    }

    private SftpPacket() {
    }

    /** @return the next packet's body, or null at a clean end of input (between packets) */
    static Reader read(InputStream in) throws IOException {
        byte[] head = in.readNBytes(4);
        if (head.length == 0) {
            return null;
        }
        if (head.length < 4) {
            throw new EOFException("input ended inside a packet length");
        }
        int length = (head[0] & 0xff) << 24 | (head[1] & 0xff) << 16 | (head[2] & 0xff) << 8 | head[3] & 0xff;
        if (length < 1 || length > MAX_LENGTH) {
            throw new Malformed("packet length " + Integer.toUnsignedString(length) + " is outside 1.."
                    + MAX_LENGTH);
        }
        byte[] body = in.readNBytes(length);
        if (body.length < length) {
            throw new EOFException("input ended inside a packet");
        }
        return new Reader(body);
    }

    /** Reads one packet's fields in order. */
    static final class Reader {
        private final byte[] b;
        private int pos;

        Reader(byte[] body) {
            this.b = body;
        }

        private void need(int n) throws Malformed {
            if (n < 0 || b.length - pos < n) {
                throw new Malformed("packet too short: needed " + n + " more bytes at offset " + pos);
            }
        }

        int u8() throws Malformed {
            need(1);
            return b[pos++] & 0xff;
        }

        int u32() throws Malformed {
            need(4);
            int v = (b[pos] & 0xff) << 24 | (b[pos + 1] & 0xff) << 16 | (b[pos + 2] & 0xff) << 8 | b[pos + 3] & 0xff;
            pos += 4;
            return v;
        }

        long u64() throws Malformed {
            return (long) u32() << 32 | u32() & 0xffffffffL;
        }

        byte[] bytes() throws Malformed {
            int n = u32();
            need(n);
            byte[] out = new byte[n];
            System.arraycopy(b, pos, out, 0, n);
            pos += n;
            return out;
        }

        /** A string's bytes as a slice of the packet (no copy): [offset, length]. */
        int[] slice() throws Malformed {
            int n = u32();
            need(n);
            int[] s = {pos, n};
            pos += n;
            return s;
        }

        byte[] array() {
            return b;
        }

        String string() throws Malformed {
            return new String(bytes(), StandardCharsets.UTF_8);
        }
    }

    /** Builds one packet; {@link #writeTo} sends it with its length. */
    static final class Writer {
        private final Buf buf;

        Writer(int type, int capacity) {
            buf = new Buf(capacity + 9);
            buf.write(new byte[4], 0, 4); // the length, filled in by writeTo
            u8(type);
        }

        Writer u8(int v) {
            buf.write(v);
            return this;
        }

        Writer u32(long v) {
            buf.write((int) (v >>> 24));
            buf.write((int) (v >>> 16));
            buf.write((int) (v >>> 8));
            buf.write((int) v);
            return this;
        }

        Writer u64(long v) {
            return u32(v >>> 32).u32(v);
        }

        Writer bytes(byte[] v, int off, int len) {
            u32(len);
            buf.write(v, off, len);
            return this;
        }

        Writer string(String v) {
            byte[] s = v.getBytes(StandardCharsets.UTF_8);
            return bytes(s, 0, s.length);
        }

        void writeTo(OutputStream out) throws IOException {
            byte[] a = buf.array();
            int length = buf.size() - 4;
            a[0] = (byte) (length >>> 24);
            a[1] = (byte) (length >>> 16);
            a[2] = (byte) (length >>> 8);
            a[3] = (byte) length;
            out.write(a, 0, buf.size());
        }
    }

    /** A ByteArrayOutputStream whose array can be written without a copy. */
    private static final class Buf extends ByteArrayOutputStream {
        Buf(int capacity) {
            super(capacity);
        }

        byte[] array() {
            return buf;
        }
    }
}
