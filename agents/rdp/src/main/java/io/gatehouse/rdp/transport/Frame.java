package io.gatehouse.rdp.transport;

/**
 * One unit read from the server: a TPKT packet (slow path: X.224 and MCS inside) or a fast-path
 * output PDU. MS-RDPBCGR 2.2.9.1.2 / 5.3.8: the first byte tells them apart (0x03 = TPKT).
 */
public sealed interface Frame {
    /** A TPKT packet; {@code payload} is everything after the 4-byte TPKT header. */
    record Tpkt(byte[] payload) implements Frame {
    }

    /** A fast-path output PDU: its header byte and the bytes after the length field. */
    record FastPath(int header, byte[] body) implements Frame {
    }
}
