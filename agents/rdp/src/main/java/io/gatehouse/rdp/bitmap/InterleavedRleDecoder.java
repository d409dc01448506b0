package io.gatehouse.rdp.bitmap;

import io.gatehouse.rdp.RdpProtocolException;

/**
 * The state machine of MS-RDPBCGR 2.2.9.1.1.3.1.2.4 (Interleaved RLE), following the
 * RleDecompress pseudo-code of MS-RDPEGDI 3.1.9 order for order. It writes native pixel
 * values (8, 15, 16 or 24 bit) in stream order, which is bottom-up; the XOR with the
 * foreground colour has to happen on those native values, so conversion to ARGB comes later.
 * One instance decodes one bitmap.
 */
final class InterleavedRleDecoder {
    // Order codes as returned by codeOf(): regular orders are the top 3 bits, "lite" orders
    // the top 4 bits, MEGA_MEGA and special orders the whole byte.
    static final int REGULAR_BG_RUN = 0x0;
    static final int REGULAR_FG_RUN = 0x1;
    static final int REGULAR_FGBG_IMAGE = 0x2;
    static final int REGULAR_COLOR_RUN = 0x3;
    static final int REGULAR_COLOR_IMAGE = 0x4;
    static final int LITE_SET_FG_FG_RUN = 0xC;
    static final int LITE_SET_FG_FGBG_IMAGE = 0xD;
    static final int LITE_DITHERED_RUN = 0xE;
    static final int MEGA_MEGA_BG_RUN = 0xF0;
    static final int MEGA_MEGA_FG_RUN = 0xF1;
    static final int MEGA_MEGA_FGBG_IMAGE = 0xF2;
    static final int MEGA_MEGA_COLOR_RUN = 0xF3;
    static final int MEGA_MEGA_COLOR_IMAGE = 0xF4;
    static final int MEGA_MEGA_SET_FG_RUN = 0xF6;
    static final int MEGA_MEGA_SET_FGBG_IMAGE = 0xF7;
    static final int MEGA_MEGA_DITHERED_RUN = 0xF8;
    static final int SPECIAL_FGBG_1 = 0xF9;
    static final int SPECIAL_FGBG_2 = 0xFA;
    static final int WHITE = 0xFD;
    static final int BLACK = 0xFE;

    private static final int MASK_SPECIAL_FGBG_1 = 0x03;
    private static final int MASK_SPECIAL_FGBG_2 = 0x05;

    private final SourceReader in;
    private final int[] px;
    private final int rowDelta;
    private final int bytesPerPixel;
    private final int white;
    private int dest;
    private int fgPel;
    private boolean insertFgPel;
    private boolean firstLine = true;

    InterleavedRleDecoder(SourceReader in, int width, int height, int bpp) {
        this.in = in;
        this.px = new int[width * height];
        this.rowDelta = width;
        this.bytesPerPixel = bpp == 8 ? 1 : (bpp == 24 ? 3 : 2);
        this.white = switch (bpp) {
            case 8 -> 0xFF;
            case 15 -> 0x7FFF;
            case 16 -> 0xFFFF;
            default -> 0xFFFFFF;
        };
        this.fgPel = white;
    }

    /** Runs the whole stream and returns the native pixels, bottom-up. */
    int[] decode() throws RdpProtocolException {
        while (in.remaining() > 0) {
            if (firstLine && dest >= rowDelta) {
                firstLine = false;
                insertFgPel = false;
            }
            int header = in.u8("order header");
            int code = codeOf(header);
            if (code == REGULAR_BG_RUN || code == MEGA_MEGA_BG_RUN) {
                backgroundRun(runLength(header, code));
                // A background run straight after another one implies a foreground pel
                // between them (otherwise the encoder would have merged the two).
                insertFgPel = true;
                continue;
            }
            insertFgPel = false;
            order(header, code);
        }
        if (dest != px.length) {
            throw in.error("stream ended after " + dest + " of " + px.length + " pixels");
        }
        return px;
    }

    static int codeOf(int header) {
        if ((header & 0xC0) != 0xC0) {
            return header >>> 5;
        }
        if ((header & 0xF0) == 0xF0) {
            return header;
        }
        return header >>> 4;
    }

    private void order(int header, int code) throws RdpProtocolException {
        switch (code) {
            case REGULAR_FG_RUN, MEGA_MEGA_FG_RUN -> foregroundRun(runLength(header, code));
            case LITE_SET_FG_FG_RUN, MEGA_MEGA_SET_FG_RUN -> {
                int length = runLength(header, code);
                fgPel = in.pixel(bytesPerPixel, "foreground colour");
                foregroundRun(length);
            }
            case LITE_DITHERED_RUN, MEGA_MEGA_DITHERED_RUN -> ditheredRun(runLength(header, code));
            case REGULAR_COLOR_RUN, MEGA_MEGA_COLOR_RUN -> colorRun(runLength(header, code));
            case REGULAR_FGBG_IMAGE, MEGA_MEGA_FGBG_IMAGE -> fgBgImage(runLength(header, code));
            case LITE_SET_FG_FGBG_IMAGE, MEGA_MEGA_SET_FGBG_IMAGE -> {
                int length = runLength(header, code);
                fgPel = in.pixel(bytesPerPixel, "foreground colour");
                fgBgImage(length);
            }
            case REGULAR_COLOR_IMAGE, MEGA_MEGA_COLOR_IMAGE -> colorImage(runLength(header, code));
            case SPECIAL_FGBG_1 -> fgBgBits(MASK_SPECIAL_FGBG_1, 8);
            case SPECIAL_FGBG_2 -> fgBgBits(MASK_SPECIAL_FGBG_2, 8);
            case WHITE -> single(white);
            case BLACK -> single(0);
            default -> throw in.error("unknown order header 0x" + Integer.toHexString(header)
                    + " at offset " + (in.consumed() - 1));
        }
    }

    /** ExtractRunLength of the pseudo-code: the length rules differ per order family. */
    private int runLength(int header, int code) throws RdpProtocolException {
        switch (code) {
            case REGULAR_FGBG_IMAGE, LITE_SET_FG_FGBG_IMAGE -> {
                // FG/BG images count 8-pixel bitmask bytes in the header; 0 means "next byte + 1 pixels".
                int length = header & (code == REGULAR_FGBG_IMAGE ? 0x1F : 0x0F);
                return length == 0 ? in.u8("FG/BG image length") + 1 : length * 8;
            }
            case REGULAR_BG_RUN, REGULAR_FG_RUN, REGULAR_COLOR_RUN, REGULAR_COLOR_IMAGE -> {
                int length = header & 0x1F;
                return length == 0 ? in.u8("run length") + 32 : length;
            }
            case LITE_SET_FG_FG_RUN, LITE_DITHERED_RUN -> {
                int length = header & 0x0F;
                return length == 0 ? in.u8("run length") + 16 : length;
            }
            default -> {
                return in.u16("MEGA_MEGA run length");
            }
        }
    }

    private void room(int count, String what) throws RdpProtocolException {
        if (count > px.length - dest) {
            throw in.error(what + " of " + count + " pixels at pixel " + dest
                    + " overflows the " + px.length + "-pixel bitmap");
        }
    }

    private void backgroundRun(int length) throws RdpProtocolException {
        room(insertFgPel ? Math.max(1, length) : length, "background run");
        if (insertFgPel) {
            px[dest] = firstLine ? fgPel : px[dest - rowDelta] ^ fgPel;
            dest++;
            length--;
        }
        if (firstLine) {
            // On the first scanline the "line above" is black (a run of zeros).
            java.util.Arrays.fill(px, dest, dest + Math.max(0, length), 0);
        } else if (length > 0) {
            System.arraycopy(px, dest - rowDelta, px, dest, Math.min(length, rowDelta));
            for (int k = rowDelta; k < length; k++) {
                px[dest + k] = px[dest + k - rowDelta];
            }
        }
        dest += Math.max(0, length);
    }

    private void foregroundRun(int length) throws RdpProtocolException {
        room(length, "foreground run");
        for (int k = 0; k < length; k++, dest++) {
            px[dest] = firstLine ? fgPel : px[dest - rowDelta] ^ fgPel;
        }
    }

    private void ditheredRun(int length) throws RdpProtocolException {
        int a = in.pixel(bytesPerPixel, "dithered run colour A");
        int b = in.pixel(bytesPerPixel, "dithered run colour B");
        room(2 * length, "dithered run");
        for (int k = 0; k < length; k++) {
            px[dest++] = a;
            px[dest++] = b;
        }
    }

    private void colorRun(int length) throws RdpProtocolException {
        int colour = in.pixel(bytesPerPixel, "colour run colour");
        room(length, "colour run");
        java.util.Arrays.fill(px, dest, dest + length, colour);
        dest += length;
    }

    private void colorImage(int length) throws RdpProtocolException {
        room(length, "colour image");
        in.need(length * bytesPerPixel, "colour image");
        // Checked once above, so the copy reads the array directly (this is the hot path for photos).
        byte[] s = in.array();
        int p = in.position();
        for (int k = 0; k < length; k++, p += bytesPerPixel) {
            int v = s[p] & 0xFF;
            if (bytesPerPixel > 1) {
                v |= (s[p + 1] & 0xFF) << 8;
            }
            if (bytesPerPixel > 2) {
                v |= (s[p + 2] & 0xFF) << 16;
            }
            px[dest++] = v;
        }
        in.moveTo(p);
    }

    private void fgBgImage(int length) throws RdpProtocolException {
        room(length, "FG/BG image");
        while (length > 8) {
            fgBgBits(in.u8("FG/BG bitmask"), 8);
            length -= 8;
        }
        if (length > 0) {
            fgBgBits(in.u8("FG/BG bitmask"), length);
        }
    }

    /** WriteFgBgImage / WriteFirstLineFgBgImage: bit set = foreground, least significant bit first. */
    private void fgBgBits(int bitmask, int count) throws RdpProtocolException {
        room(count, "FG/BG bitmask");
        for (int bit = 0; bit < count; bit++, dest++) {
            boolean fg = (bitmask & (1 << bit)) != 0;
            if (firstLine) {
                px[dest] = fg ? fgPel : 0;
            } else {
                int above = px[dest - rowDelta];
                px[dest] = fg ? above ^ fgPel : above;
            }
        }
    }

    private void single(int colour) throws RdpProtocolException {
        room(1, "single pixel order");
        px[dest++] = colour;
    }
}
