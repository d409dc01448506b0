package io.gatehouse.rdp.connection;

import io.gatehouse.rdp.RdpProtocolException;
import io.gatehouse.rdp.wire.ByteReader;
import io.gatehouse.rdp.wire.ByteWriter;

/**
 * A Share Control Header and its body (MS-RDPBCGR 2.2.8.1.1.1.1); several can share one MCS
 * Send Data. Flow control PDUs (totalLength 0x8000) are returned with type {@link #FLOW}.
 */
public record ShareControl(int pduType, int source, ByteReader body) {
    public static final int DEMAND_ACTIVE = 0x1;
    public static final int CONFIRM_ACTIVE = 0x3;
    public static final int DEACTIVATE_ALL = 0x6;
    public static final int DATA = 0x7;
    public static final int SERVER_REDIRECT = 0xA;
    public static final int FLOW = -1;
    private static final int PROTOCOL_VERSION = 0x10;

    /** Reads the next share control PDU from {@code r}. */
    public static ShareControl read(ByteReader r) throws RdpProtocolException {
        int total = r.u16le("totalLength");
        if (total == 0x8000) {
            // 2.2.8.1.1.1.2 flow PDU: pad, type, id, number, source (8 bytes with the marker).
            r.skip(6, "flow PDU");
            return new ShareControl(FLOW, 0, r.slice(0, "flow"));
        }
        if (total < 6) {
            // Some servers send a 4-byte header-only PDU; treat it as an empty body of unknown type.
            if (total == 4 || total == 2) {
                r.skip(total - 2, "short share control");
                return new ShareControl(FLOW, 0, r.slice(0, "flow"));
            }
            throw r.error("share control totalLength " + total + " is shorter than its header");
        }
        int type = r.u16le("pduType");
        int source = r.u16le("pduSource");
        return new ShareControl(type & 0xF, source, r.slice(total - 6, "share control body"));
    }

    public static byte[] write(int pduType, int source, byte[] body) {
        ByteWriter w = new ByteWriter(body.length + 6);
        w.u16le(body.length + 6).u16le(pduType | PROTOCOL_VERSION).u16le(source).bytes(body);
        return w.toByteArray();
    }
}
