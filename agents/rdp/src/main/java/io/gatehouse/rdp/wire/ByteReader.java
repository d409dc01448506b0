package io.gatehouse.rdp.wire;

import io.gatehouse.rdp.RdpProtocolException;
import java.nio.charset.StandardCharsets;

/**
 * A bounds-checked cursor over part of a byte array. Every PDU parser in the engine reads through
 * one of these, so malformed input surfaces as an {@link RdpProtocolException} naming the PDU and
 * the field, never as an index exception from deep inside a parser.
 */
public final class ByteReader {
    private final byte[] data;
    private final int start;
    private final int end;
    private final String pdu;
    private int pos;

    public ByteReader(byte[] data, String pdu) {
        this(data, 0, data.length, pdu);
    }

    public ByteReader(byte[] data, int offset, int length, String pdu) {
        if (offset < 0 || length < 0 || offset > data.length - length) {
            throw new IllegalArgumentException("range " + offset + "+" + length + " outside " + data.length);
        }
        this.data = data;
        this.start = offset;
        this.end = offset + length;
        this.pos = offset;
        this.pdu = pdu;
    }

    /** The PDU name used in error messages. */
    public String pdu() {
        return pdu;
    }

    public int remaining() {
        return end - pos;
    }

    public boolean hasRemaining() {
        return pos < end;
    }

    /** Bytes consumed since the start of this reader. */
    public int position() {
        return pos - start;
    }

    /** The backing array and the absolute offset of the next byte (for decoders that take an array). */
    public byte[] array() {
        return data;
    }

    public int arrayOffset() {
        return pos;
    }

    private void need(int n, String field) throws RdpProtocolException {
        if (n < 0 || n > end - pos) {
            throw new RdpProtocolException(pdu + ": " + field + " needs " + n + " byte(s) at offset " + (pos - start)
                    + ", only " + (end - pos) + " left");
        }
    }

    public int u8(String field) throws RdpProtocolException {
        need(1, field);
        return data[pos++] & 0xFF;
    }

    public int u16le(String field) throws RdpProtocolException {
        need(2, field);
        int v = (data[pos] & 0xFF) | (data[pos + 1] & 0xFF) << 8;
        pos += 2;
        return v;
    }

    public int u16be(String field) throws RdpProtocolException {
        need(2, field);
        int v = (data[pos] & 0xFF) << 8 | (data[pos + 1] & 0xFF);
        pos += 2;
        return v;
    }

    /** An unsigned 32-bit little-endian value, as a long so that it is never negative. */
    public long u32le(String field) throws RdpProtocolException {
        need(4, field);
        long v = (data[pos] & 0xFFL) | (data[pos + 1] & 0xFFL) << 8 | (data[pos + 2] & 0xFFL) << 16
                | (data[pos + 3] & 0xFFL) << 24;
        pos += 4;
        return v;
    }

    /** A 32-bit little-endian value that must fit a non-negative int (a length, a count, a code). */
    public int i32le(String field) throws RdpProtocolException {
        long v = u32le(field);
        if (v > Integer.MAX_VALUE) {
            throw new RdpProtocolException(pdu + ": " + field + " is " + v + ", too large");
        }
        return (int) v;
    }

    public byte[] bytes(int n, String field) throws RdpProtocolException {
        need(n, field);
        byte[] out = new byte[n];
        System.arraycopy(data, pos, out, 0, n);
        pos += n;
        return out;
    }

    public void skip(int n, String field) throws RdpProtocolException {
        need(n, field);
        pos += n;
    }

    /** The next {@code n} bytes as their own reader (same array, no copy); this reader moves past them. */
    public ByteReader slice(int n, String field) throws RdpProtocolException {
        need(n, field);
        ByteReader r = new ByteReader(data, pos, n, pdu + "." + field);
        pos += n;
        return r;
    }

    /** The rest of the bytes as a reader named {@code name}; this reader is then exhausted. */
    public ByteReader rest(String name) {
        ByteReader r = new ByteReader(data, pos, end - pos, name);
        pos = end;
        return r;
    }

    /** A second reader over the bytes not yet read, leaving this one where it is (to try another layout). */
    public ByteReader copy() {
        return new ByteReader(data, pos, end - pos, pdu);
    }

    /** UTF-16LE text of {@code n} bytes, cut at the first NUL. */
    public String utf16(int n, String field) throws RdpProtocolException {
        need(n, field);
        String s = new String(data, pos, n & ~1, StandardCharsets.UTF_16LE);
        pos += n;
        int nul = s.indexOf('\0');
        return nul >= 0 ? s.substring(0, nul) : s;
    }

    /** Asserts that a field has an expected value (a tag, a magic number). */
    public void expect(int actual, int expected, String field) throws RdpProtocolException {
        if (actual != expected) {
            throw new RdpProtocolException(pdu + ": " + field + " is 0x" + Integer.toHexString(actual) + ", expected 0x"
                    + Integer.toHexString(expected));
        }
    }

    public RdpProtocolException error(String message) {
        return new RdpProtocolException(pdu + ": " + message);
    }
}
