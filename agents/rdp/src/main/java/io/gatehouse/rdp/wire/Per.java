package io.gatehouse.rdp.wire;

import io.gatehouse.rdp.RdpProtocolException;

/** The ALIGNED PER (ITU-T X.691) length determinant that T.124 GCC and T.125 domain PDUs use. */
public final class Per {
    private Per() {
    }

    public static void writeLength(ByteWriter w, int length) {
        if (length < 0x80) {
            w.u8(length);
        } else {
            w.u16be(length | 0x8000);
        }
    }

    public static int readLength(ByteReader r, String field) throws RdpProtocolException {
        int b = r.u8(field + " length");
        if ((b & 0x80) == 0) {
            return b;
        }
        if ((b & 0x40) != 0) {
            throw r.error(field + " uses a fragmented PER length, which no RDP PDU needs");
        }
        return (b & 0x3F) << 8 | r.u8(field + " length");
    }
}
