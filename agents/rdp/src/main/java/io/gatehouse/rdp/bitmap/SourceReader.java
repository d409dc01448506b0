package io.gatehouse.rdp.bitmap;

import io.gatehouse.rdp.RdpProtocolException;

/**
 * Bounds-checked little-endian cursor over a slice of a byte array, shared by the bitmap
 * codecs so that no malformed payload can surface as an index exception. Hot loops may ask
 * for {@link #need} once and then read {@link #array()} directly between {@link #position()}
 * and {@link #end()}, moving the cursor with {@link #moveTo}.
 */
final class SourceReader {
    private final String codec;
    private final byte[] buf;
    private final int end;
    private final int start;
    private int pos;

    SourceReader(String codec, byte[] src, int off, int len) throws RdpProtocolException {
        this.codec = codec;
        if (src == null) {
            throw new RdpProtocolException(codec + ": no source data");
        }
        if (off < 0 || len < 0 || off > src.length - len) {
            throw new RdpProtocolException(codec + ": source slice off=" + off + " len=" + len
                    + " lies outside the " + src.length + "-byte buffer");
        }
        this.buf = src;
        this.start = off;
        this.pos = off;
        this.end = off + len;
    }

    RdpProtocolException error(String message) {
        return new RdpProtocolException(codec + ": " + message);
    }

    byte[] array() {
        return buf;
    }

    /** Absolute index of the next unread byte in {@link #array()}. */
    int position() {
        return pos;
    }

    /** Absolute index one past the last readable byte. */
    int end() {
        return end;
    }

    /** Bytes consumed since the start of the slice (for error messages). */
    int consumed() {
        return pos - start;
    }

    int remaining() {
        return end - pos;
    }

    void moveTo(int absolute) {
        pos = absolute;
    }

    void need(int count, String what) throws RdpProtocolException {
        if (count < 0 || end - pos < count) {
            throw error(what + " needs " + count + " bytes at offset " + consumed()
                    + " but only " + remaining() + " remain");
        }
    }

    int u8(String what) throws RdpProtocolException {
        if (pos >= end) {
            throw error(what + " is truncated at offset " + consumed());
        }
        return buf[pos++] & 0xFF;
    }

    int u16(String what) throws RdpProtocolException {
        need(2, what);
        int v = (buf[pos] & 0xFF) | (buf[pos + 1] & 0xFF) << 8;
        pos += 2;
        return v;
    }

    /** A little-endian pixel of 1, 2 or 3 bytes (24 bpp RDP pixels are B, G, R in that order). */
    int pixel(int bytesPerPixel, String what) throws RdpProtocolException {
        need(bytesPerPixel, what);
        int v = buf[pos] & 0xFF;
        if (bytesPerPixel > 1) {
            v |= (buf[pos + 1] & 0xFF) << 8;
        }
        if (bytesPerPixel > 2) {
            v |= (buf[pos + 2] & 0xFF) << 16;
        }
        pos += bytesPerPixel;
        return v;
    }

    void copyTo(byte[] dst, int count, String what) throws RdpProtocolException {
        need(count, what);
        System.arraycopy(buf, pos, dst, 0, count);
        pos += count;
    }
}
