package io.gatehouse.rdp.wire;

import io.gatehouse.rdp.RdpProtocolException;

/**
 * The few BER (ITU-T X.690) forms that T.125 MCS Connect Initial/Response use: definite lengths,
 * INTEGER, ENUMERATED, BOOLEAN, OCTET STRING, SEQUENCE and the two-byte application tags.
 */
public final class Ber {
    public static final int BOOLEAN = 0x01;
    public static final int INTEGER = 0x02;
    public static final int OCTET_STRING = 0x04;
    public static final int ENUMERATED = 0x0A;
    public static final int SEQUENCE = 0x30;

    private Ber() {
    }

    public static void writeLength(ByteWriter w, int length) {
        if (length < 0x80) {
            w.u8(length);
        } else if (length < 0x100) {
            w.u8(0x81).u8(length);
        } else {
            w.u8(0x82).u16be(length);
        }
    }

    /** A complete TLV with the given one-byte tag. */
    public static void writeTlv(ByteWriter w, int tag, byte[] content) {
        w.u8(tag);
        writeLength(w, content.length);
        w.bytes(content);
    }

    /** A non-negative INTEGER in its shortest two's complement form. */
    public static void writeInteger(ByteWriter w, long value) {
        int n = 1;
        while (n < 4 && (value >>> (8 * n - 1)) != 0) {
            n++;
        }
        w.u8(INTEGER).u8(n);
        for (int i = n - 1; i >= 0; i--) {
            w.u8((int) (value >>> (8 * i)));
        }
    }

    public static int readLength(ByteReader r, String field) throws RdpProtocolException {
        int b = r.u8(field + " length");
        if (b < 0x80) {
            return b;
        }
        int n = b & 0x7F;
        if (n == 0 || n > 2) {
            throw r.error(field + " has an unsupported BER length form 0x" + Integer.toHexString(b));
        }
        int len = 0;
        for (int i = 0; i < n; i++) {
            len = len << 8 | r.u8(field + " length");
        }
        return len;
    }

    /** Reads a one-byte tag that must be {@code tag}, then its length; returns the length. */
    public static int readTag(ByteReader r, int tag, String field) throws RdpProtocolException {
        r.expect(r.u8(field + " tag"), tag, field + " tag");
        return readLength(r, field);
    }

    /** Reads the two-byte application tag 0x7F nn of T.125 (nn = 101 Connect-Initial, 102 Connect-Response). */
    public static int readApplicationTag(ByteReader r, int number, String field) throws RdpProtocolException {
        r.expect(r.u8(field + " tag"), 0x7F, field + " tag");
        r.expect(r.u8(field + " tag number"), number, field + " tag number");
        return readLength(r, field);
    }

    public static long readInteger(ByteReader r, String field) throws RdpProtocolException {
        int len = readTag(r, INTEGER, field);
        if (len < 1 || len > 4) {
            throw r.error(field + " INTEGER has length " + len);
        }
        long v = 0;
        for (int i = 0; i < len; i++) {
            v = v << 8 | r.u8(field);
        }
        return v;
    }

    public static int readEnumerated(ByteReader r, String field) throws RdpProtocolException {
        int len = readTag(r, ENUMERATED, field);
        if (len != 1) {
            throw r.error(field + " ENUMERATED has length " + len);
        }
        return r.u8(field);
    }
}
