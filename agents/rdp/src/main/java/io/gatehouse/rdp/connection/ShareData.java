package io.gatehouse.rdp.connection;

import io.gatehouse.rdp.RdpProtocolException;
import io.gatehouse.rdp.wire.ByteReader;
import io.gatehouse.rdp.wire.ByteWriter;

/** A Share Data Header and its payload (MS-RDPBCGR 2.2.8.1.1.1.2). */
public record ShareData(long shareId, int pduType2, ByteReader payload) {
    public static final int UPDATE = 0x02;
    public static final int CONTROL = 0x14;
    public static final int POINTER = 0x1B;
    public static final int INPUT = 0x1C;
    public static final int SYNCHRONIZE = 0x1F;
    public static final int PLAY_SOUND = 0x22;
    public static final int SHUTDOWN_REQUEST = 0x24;
    public static final int SHUTDOWN_DENIED = 0x25;
    public static final int SAVE_SESSION_INFO = 0x26;
    public static final int FONT_LIST = 0x27;
    public static final int FONT_MAP = 0x28;
    public static final int SET_KEYBOARD_INDICATORS = 0x29;
    public static final int SET_ERROR_INFO = 0x2F;
    private static final int STREAM_LOW = 1;
    private static final int PACKET_COMPRESSED = 0x20;

    public static ShareData parse(ByteReader body) throws RdpProtocolException {
        long shareId = body.u32le("shareId");
        body.u8("pad1");
        body.u8("streamId");
        body.u16le("uncompressedLength");
        int type2 = body.u8("pduType2");
        int compressed = body.u8("compressedType");
        body.u16le("compressedLength");
        if ((compressed & PACKET_COMPRESSED) != 0) {
            // We never advertise bulk compression (MPPC), so a compressed PDU is a server bug.
            throw body.error("PDU type 0x" + Integer.toHexString(type2) + " is bulk-compressed, which was not negotiated");
        }
        return new ShareData(shareId, type2, body.rest("share data 0x" + Integer.toHexString(type2)));
    }

    /** A complete Data PDU (share control + share data header + payload) from {@code userId}. */
    public static byte[] write(long shareId, int userId, int pduType2, byte[] payload) {
        ByteWriter w = new ByteWriter(payload.length + 12);
        // uncompressedLength counts from pduType2's header on, as in the MS-RDPBCGR 4.1.14 example.
        w.u32le(shareId).u8(0).u8(STREAM_LOW).u16le(payload.length + 4).u8(pduType2).u8(0).u16le(0).bytes(payload);
        return ShareControl.write(ShareControl.DATA, userId, w.toByteArray());
    }
}
