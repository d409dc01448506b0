package io.gatehouse.rdp.bitmap;

import io.gatehouse.rdp.RdpProtocolException;

/**
 * Interleaved RLE bitmap decompression (MS-RDPBCGR 2.2.9.1.1.3.1.2.4, pseudo-code in
 * MS-RDPEGDI 3.1.9) at 8, 15, 16 and 24 bpp. The stream describes the bitmap bottom-up; the
 * result is flipped to top-down 0xFFRRGGBB.
 *
 * <p>15 bpp is RGB555 and 16 bpp RGB565, widened to 8 bits per channel by bit replication;
 * 24 bpp pixels are stored B, G, R. 8 bpp pixels index a palette of 0xRRGGBB entries.
 */
public final class InterleavedRle {
    private static final String CODEC = "interleaved RLE";

    private InterleavedRle() {
    }

    /** Decodes with the default 8-bpp system palette when {@code bpp} is 8. */
    public static int[] decode(byte[] src, int off, int len, int width, int height, int bpp)
            throws RdpProtocolException {
        return decode(src, off, len, width, height, bpp, Pixels.systemPalette());
    }

    /**
     * Decodes with {@code palette} (256 entries of 0xRRGGBB; the top byte is ignored) for
     * 8 bpp; other depths ignore the palette.
     */
    public static int[] decode(byte[] src, int off, int len, int width, int height, int bpp, int[] palette)
            throws RdpProtocolException {
        Pixels.checkSize(CODEC, width, height);
        if (bpp != 8 && bpp != 15 && bpp != 16 && bpp != 24) {
            throw new RdpProtocolException(CODEC + ": unsupported colour depth " + bpp
                    + " bpp (8, 15, 16 and 24 are defined)");
        }
        int[] lut = bpp == 8 ? Pixels.checkPalette(CODEC, palette) : null;
        SourceReader in = new SourceReader(CODEC, src, off, len);
        int[] px = new InterleavedRleDecoder(in, width, height, bpp).decode();
        return toArgbTopDown(px, width, height, bpp, lut);
    }

    private static int[] toArgbTopDown(int[] px, int w, int h, int bpp, int[] palette) {
        int[] out = new int[w * h];
        for (int y = 0; y < h; y++) {
            int src = y * w;
            int dst = (h - 1 - y) * w;
            switch (bpp) {
                case 8 -> {
                    for (int x = 0; x < w; x++) {
                        out[dst + x] = 0xFF000000 | palette[px[src + x] & 0xFF];
                    }
                }
                case 15 -> {
                    for (int x = 0; x < w; x++) {
                        out[dst + x] = Pixels.rgb555(px[src + x]);
                    }
                }
                case 16 -> {
                    for (int x = 0; x < w; x++) {
                        out[dst + x] = Pixels.rgb565(px[src + x]);
                    }
                }
                default -> {
                    for (int x = 0; x < w; x++) {
                        out[dst + x] = 0xFF000000 | px[src + x];
                    }
                }
            }
        }
        return out;
    }
}
