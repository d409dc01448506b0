package io.gatehouse.rdp.bitmap;

import io.gatehouse.rdp.RdpProtocolException;

/** Colour-depth conversions to 0xAARRGGBB and the checks every decoder makes on its arguments. */
final class Pixels {
    /**
     * Largest bitmap any decoder will allocate: an 8K screen. TS_BITMAP_DATA carries 16-bit
     * width and height, so without a cap a hostile server could ask for 16 GB in one PDU.
     */
    static final int MAX_PIXELS = 7680 * 4320;

    private static final int[] SYSTEM_PALETTE = buildSystemPalette();

    private Pixels() {
    }

    static void checkSize(String codec, int width, int height) throws RdpProtocolException {
        if (width <= 0 || height <= 0) {
            throw new RdpProtocolException(codec + ": bitmap size " + width + "x" + height
                    + " is not positive");
        }
        if ((long) width * height > MAX_PIXELS) {
            throw new RdpProtocolException(codec + ": bitmap size " + width + "x" + height
                    + " exceeds the " + MAX_PIXELS + "-pixel limit");
        }
    }

    static int bytesPerPixel(String codec, int bpp) throws RdpProtocolException {
        return switch (bpp) {
            case 8 -> 1;
            case 15, 16 -> 2;
            case 24 -> 3;
            case 32 -> 4;
            default -> throw new RdpProtocolException(codec + ": unsupported colour depth " + bpp + " bpp");
        };
    }

    /** Expands 5 bits to 8 by bit replication, so 0x1F becomes 0xFF and 0 stays 0. */
    static int expand5(int v) {
        return (v << 3) | (v >>> 2);
    }

    static int expand6(int v) {
        return (v << 2) | (v >>> 4);
    }

    static int rgb555(int v) {
        return 0xFF000000 | expand5((v >>> 10) & 0x1F) << 16 | expand5((v >>> 5) & 0x1F) << 8
                | expand5(v & 0x1F);
    }

    static int rgb565(int v) {
        return 0xFF000000 | expand5((v >>> 11) & 0x1F) << 16 | expand6((v >>> 5) & 0x3F) << 8
                | expand5(v & 0x1F);
    }

    /**
     * The default 8-bpp palette, used when the server has not sent a Palette Update
     * (MS-RDPBCGR 2.2.9.1.1.3.1.1): the 20 Windows static colours at 0-9 and 246-255 with a
     * 6x6x6 colour cube and a grey ramp between them. Servers that use 8 bpp normally send
     * their own palette, so callers should prefer the overloads that take one.
     */
    static int[] systemPalette() {
        return SYSTEM_PALETTE;
    }

    private static int[] buildSystemPalette() {
        int[] low = {0x000000, 0x800000, 0x008000, 0x808000, 0x000080, 0x800080, 0x008080,
            0xC0C0C0, 0xC0DCC0, 0xA6CAF0};
        int[] high = {0xFFFBF0, 0xA0A0A4, 0x808080, 0xFF0000, 0x00FF00, 0xFFFF00, 0x0000FF,
            0xFF00FF, 0x00FFFF, 0xFFFFFF};
        int[] p = new int[256];
        for (int i = 0; i < 10; i++) {
            p[i] = 0xFF000000 | low[i];
            p[246 + i] = 0xFF000000 | high[i];
        }
        int i = 10;
        for (int r = 0; r < 6; r++) {
            for (int g = 0; g < 6; g++) {
                for (int b = 0; b < 6; b++) {
                    p[i++] = 0xFF000000 | (r * 51) << 16 | (g * 51) << 8 | b * 51;
                }
            }
        }
        for (int k = 0; i < 246; k++) {
            int v = (k + 1) * 255 / 21;
            p[i++] = 0xFF000000 | v << 16 | v << 8 | v;
        }
        return p;
    }

    static int[] checkPalette(String codec, int[] palette) throws RdpProtocolException {
        if (palette == null || palette.length < 256) {
            throw new RdpProtocolException(codec + ": an 8-bpp palette needs 256 entries, got "
                    + (palette == null ? "none" : palette.length));
        }
        return palette;
    }
}
