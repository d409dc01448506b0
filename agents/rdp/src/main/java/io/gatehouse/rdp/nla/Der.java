package io.gatehouse.rdp.nla;

import java.io.ByteArrayOutputStream;
import java.util.Optional;

/**
 * The few pieces of ASN.1 DER that MS-CSSP 2.2.1 needs: SEQUENCE, explicit context tags [n],
 * INTEGER and OCTET STRING. Small enough to audit, and every read is bounds-checked against the
 * enclosing element so a hostile length can never reach past the data it claims to describe.
 */
final class Der {
    static final int SEQUENCE = 0x30;
    static final int INTEGER = 0x02;
    static final int OCTET_STRING = 0x04;
    /** Constructed, context-specific: [n] is 0xA0 + n. */
    static final int CONTEXT = 0xA0;

    private Der() {
    }

    // ---- writing -------------------------------------------------------------------------

    static byte[] sequence(byte[]... elements) {
        return element(SEQUENCE, concat(elements));
    }

    static byte[] explicit(int tagNumber, byte[] inner) {
        return element(CONTEXT + tagNumber, inner);
    }

    static byte[] octetString(byte[] value) {
        return element(OCTET_STRING, value);
    }

    /** Minimal two's-complement encoding (X.690 8.3.2): no redundant leading 0x00 or 0xFF. */
    static byte[] integer(long value) {
        int length = 8;
        while (length > 1) {
            int top = (int) (value >> ((length - 1) * 8)) & 0xFF;
            int nextBit = (int) (value >> ((length - 2) * 8 + 7)) & 1;
            if ((top == 0 && nextBit == 0) || (top == 0xFF && nextBit == 1)) {
                length--;
            } else {
                break;
            }
        }
        byte[] content = new byte[length];
        for (int i = 0; i < length; i++) {
            content[i] = (byte) (value >> ((length - 1 - i) * 8));
        }
        return element(INTEGER, content);
    }

    static byte[] element(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 6);
        out.write(tag);
        writeLength(out, content.length);
        out.writeBytes(content);
        return out.toByteArray();
    }

    private static void writeLength(ByteArrayOutputStream out, int length) {
        if (length < 0x80) {
            out.write(length);
            return;
        }
        int bytes = length > 0xFFFFFF ? 4 : length > 0xFFFF ? 3 : length > 0xFF ? 2 : 1;
        out.write(0x80 | bytes);
        for (int i = bytes - 1; i >= 0; i--) {
            out.write(length >>> (i * 8));
        }
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    // ---- reading -------------------------------------------------------------------------

    /**
     * Reads the elements inside one constructed element. {@code what} names that element in
     * error messages ("TSRequest", "TSRequest.negoTokens", ...).
     */
    static final class Reader {
        private final byte[] data;
        private final String what;
        private int pos;
        private final int end;

        Reader(byte[] data, String what) {
            this(data, 0, data.length, what);
        }

        private Reader(byte[] data, int start, int end, String what) {
            this.data = data;
            this.pos = start;
            this.end = end;
            this.what = what;
        }

        boolean hasMore() {
            return pos < end;
        }

        /** The tag of the next element, or -1 at the end. */
        int peekTag() {
            return pos < end ? data[pos] & 0xFF : -1;
        }

        Reader sequence(String name) throws MalformedMessageException {
            return constructed(SEQUENCE, name);
        }

        /** The contents of [n] if it is the next element; absent otherwise (OPTIONAL fields). */
        Optional<Reader> optionalExplicit(int tagNumber, String name) throws MalformedMessageException {
            if (peekTag() != CONTEXT + tagNumber) {
                return Optional.empty();
            }
            return Optional.of(constructed(CONTEXT + tagNumber, name));
        }

        Reader explicit(int tagNumber, String name) throws MalformedMessageException {
            return constructed(CONTEXT + tagNumber, name);
        }

        byte[] octetString(String name) throws MalformedMessageException {
            int[] span = header(OCTET_STRING, name);
            byte[] value = new byte[span[1]];
            System.arraycopy(data, span[0], value, 0, span[1]);
            return value;
        }

        /** An INTEGER that fits in 32 bits, signed or unsigned; returned as its low 32 bits. */
        long int32(String name) throws MalformedMessageException {
            int[] span = header(INTEGER, name);
            int length = span[1];
            if (length == 0 || length > 5 || (length == 5 && data[span[0]] != 0)) {
                throw fail(name + " is an INTEGER of " + length + " bytes; at most 32 bits are allowed");
            }
            long value = data[span[0]]; // sign-extends, as DER INTEGER is two's complement
            for (int i = 1; i < length; i++) {
                value = (value << 8) | (data[span[0] + i] & 0xFF);
            }
            return value & 0xFFFFFFFFL;
        }

        /** Skips one element of any tag (a field a later protocol version may add). */
        void skip(String name) throws MalformedMessageException {
            header(peekTag(), name);
        }

        void expectEnd() throws MalformedMessageException {
            if (pos != end) {
                throw fail("unexpected element with tag 0x" + Integer.toHexString(peekTag()) + " at the end");
            }
        }

        private Reader constructed(int tag, String name) throws MalformedMessageException {
            int[] span = header(tag, name);
            return new Reader(data, span[0], span[0] + span[1], name);
        }

        /** Consumes tag and length; returns {content start, content length}. */
        private int[] header(int expectedTag, String name) throws MalformedMessageException {
            if (pos >= end) {
                throw fail(name + " is missing (the data ends)");
            }
            int tag = data[pos] & 0xFF;
            if (tag != expectedTag) {
                throw fail(name + " should have tag 0x" + Integer.toHexString(expectedTag)
                        + " but has 0x" + Integer.toHexString(tag));
            }
            int at = pos + 1;
            if (at >= end) {
                throw fail(name + " has no length");
            }
            int first = data[at++] & 0xFF;
            long length;
            if (first < 0x80) {
                length = first;
            } else {
                int count = first & 0x7F;
                if (count == 0 || count > 4) {
                    throw fail(name + " has an unsupported length form 0x" + Integer.toHexString(first));
                }
                if (at + count > end) {
                    throw fail(name + " has a truncated length");
                }
                length = 0;
                for (int i = 0; i < count; i++) {
                    length = (length << 8) | (data[at++] & 0xFF);
                }
            }
            if (length > end - at) {
                throw fail(name + " claims " + length + " bytes but only " + (end - at) + " remain");
            }
            pos = at + (int) length;
            return new int[] {at, (int) length};
        }

        private MalformedMessageException fail(String detail) {
            return new MalformedMessageException("in " + what + ": " + detail);
        }
    }
}
