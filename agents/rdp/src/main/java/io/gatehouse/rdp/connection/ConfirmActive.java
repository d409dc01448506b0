package io.gatehouse.rdp.connection;

import io.gatehouse.rdp.wire.ByteWriter;
import java.nio.charset.StandardCharsets;

/**
 * The client's Confirm Active PDU (MS-RDPBCGR 2.2.1.13.2) and its capability sets (2.2.7). The
 * choices keep the server to what the engine decodes: no drawing orders and no bitmap cache (so
 * the screen arrives as bitmaps), no bulk compression, fast-path output and input.
 */
public final class ConfirmActive {
    /** The server's channel id as originatorId (2.2.1.13.2.1: always 0x03EA). */
    private static final int SERVER_CHANNEL_ID = 0x03EA;
    private static final byte[] SOURCE = "MSTSC\0".getBytes(StandardCharsets.US_ASCII);
    private static final int FASTPATH_OUTPUT_SUPPORTED = 0x0001;
    private static final int LONG_CREDENTIALS_SUPPORTED = 0x0004;
    private static final int NO_BITMAP_COMPRESSION_HDR = 0x0400;
    private static final int DRAW_ALLOW_SKIP_ALPHA = 0x08;
    private static final int ORDER_FLAGS_NEGOTIATE = 0x0002 | 0x0008; // NEGOTIATEORDERSUPPORT | ZEROBOUNDSDELTASUPPORT
    private static final int INPUT_FLAGS = 0x0001 | 0x0004 | 0x0010 | 0x0020 | 0x0100;
    // SCANCODES | MOUSEX | UNICODE | FASTPATH_INPUT2 | MOUSE_HWHEEL
    private static final int MULTIFRAGMENT_MAX = 0x200000;

    private ConfirmActive() {
    }

    /** The full share control PDU. */
    public static byte[] pdu(long shareId, int userId, int width, int height, int colorDepth, boolean compression) {
        ByteWriter caps = new ByteWriter(512);
        int count = capabilities(caps, width, height, colorDepth, compression);
        ByteWriter w = new ByteWriter(caps.length() + 32);
        w.u32le(shareId).u16le(SERVER_CHANNEL_ID).u16le(SOURCE.length).u16le(caps.length() + 4);
        w.bytes(SOURCE).u16le(count).u16le(0).bytes(caps.toByteArray());
        return ShareControl.write(ShareControl.CONFIRM_ACTIVE, userId, w.toByteArray());
    }

    private static int capabilities(ByteWriter w, int width, int height, int depth, boolean compression) {
        general(w);
        bitmap(w, width, height, depth, compression);
        order(w);
        set(w, 4, new ByteWriter().zeros(36)); // bitmap cache rev1: no cells, so no cache orders
        set(w, 8, new ByteWriter().u16le(1).u16le(25).u16le(25)); // pointer: colour, new pointers, 25 cached
        input(w);
        set(w, 15, new ByteWriter().u32le(0)); // brush: BRUSH_DEFAULT
        set(w, 16, new ByteWriter().zeros(40).u32le(0).u16le(0).u16le(0)); // glyph cache: GLYPH_SUPPORT_NONE
        set(w, 17, new ByteWriter().u32le(0).u16le(0).u16le(0)); // offscreen bitmap cache: none
        set(w, 20, new ByteWriter().u32le(0).u32le(1600)); // virtual channel: no compression, 1600-byte chunks
        set(w, 12, new ByteWriter().u16le(0).u16le(0)); // sound: no beeps
        set(w, 9, new ByteWriter().u16le(0).u16le(0)); // share
        set(w, 14, new ByteWriter().u16le(1).u16le(0)); // font: FONTSUPPORT_FONTLIST
        set(w, 5, new ByteWriter().u16le(0).u16le(0).u16le(2).u16le(2)); // control
        set(w, 7, new ByteWriter().zeros(8)); // window activation
        set(w, 10, new ByteWriter().u16le(6).u16le(0)); // colour table cache
        set(w, 26, new ByteWriter().u32le(MULTIFRAGMENT_MAX)); // multifragment update
        return 17;
    }

    private static void set(ByteWriter w, int type, ByteWriter body) {
        w.u16le(type).u16le(body.length() + 4).bytes(body.toByteArray());
    }

    /** 2.2.7.1.1: fast-path output; no bitmap compression header (the size fields are redundant). */
    private static void general(ByteWriter w) {
        ByteWriter b = new ByteWriter();
        b.u16le(1).u16le(3).u16le(0x0200).u16le(0).u16le(0); // Windows, NT, protocol 0x200, pad, no compression types
        b.u16le(FASTPATH_OUTPUT_SUPPORTED | LONG_CREDENTIALS_SUPPORTED | NO_BITMAP_COMPRESSION_HDR);
        b.u16le(0).u16le(0).u16le(0).u8(1).u8(1); // update cap, remote unshare, compression level, refresh rect, suppress output
        set(w, 1, b);
    }

    /**
     * 2.2.7.1.2: the size and depth we asked for; desktop resize allowed (reactivation).
     * bitmapCompressionFlag off asks for raw bitmaps (xrdp honours it; the specification says
     * clients should always set it).
     */
    private static void bitmap(ByteWriter w, int width, int height, int depth, boolean compression) {
        ByteWriter b = new ByteWriter();
        b.u16le(depth).u16le(1).u16le(1).u16le(1).u16le(width).u16le(height).u16le(0);
        b.u16le(1).u16le(compression ? 1 : 0).u8(0).u8(DRAW_ALLOW_SKIP_ALPHA).u16le(1).u16le(0);
        set(w, 2, b);
    }

    /** 2.2.7.1.3: every orderSupport entry 0, so the server falls back to bitmap updates. */
    private static void order(ByteWriter w) {
        ByteWriter b = new ByteWriter();
        b.zeros(16).u32le(0).u16le(1).u16le(20).u16le(0).u16le(1).u16le(0).u16le(ORDER_FLAGS_NEGOTIATE);
        b.zeros(32); // orderSupport
        b.u16le(0).u16le(0).u32le(0).u32le(0).u16le(0).u16le(0).u16le(0).u16le(0);
        set(w, 3, b);
    }

    /** 2.2.7.1.6: scancodes, Unicode, extended mouse and wheel, fast-path input; US keyboard. */
    private static void input(ByteWriter w) {
        ByteWriter b = new ByteWriter();
        b.u16le(INPUT_FLAGS).u16le(0).u32le(0x409).u32le(4).u32le(0).u32le(12).zeros(64);
        set(w, 13, b);
    }
}
