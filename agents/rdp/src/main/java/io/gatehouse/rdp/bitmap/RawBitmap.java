package io.gatehouse.rdp.bitmap;

import io.gatehouse.rdp.RdpProtocolException;

/**
 * Uncompressed TS_BITMAP_DATA (MS-RDPBCGR 2.2.9.1.1.3.1.2.2): scanlines bottom-up, pixels
 * little-endian (24 bpp is B, G, R; 32 bpp is B, G, R, X with X ignored). Slow-path bitmaps
 * already have a width that is a multiple of 4 pixels, but other senders pad each scanline
 * to 2 or 4 bytes; the stride is therefore taken from the data length, and must lie between
 * the unpadded row size and that plus 3 bytes.
 */
public final class RawBitmap {
    private static final String CODEC = "raw bitmap";

    private RawBitmap() {
    }

    /** Decodes with the default 8-bpp system palette when {@code bpp} is 8. */
    public static int[] decode(byte[] src, int off, int len, int width, int height, int bpp)
            throws RdpProtocolException {
        return decode(src, off, len, width, height, bpp, Pixels.systemPalette());
    }

    /** As {@link #decode(byte[], int, int, int, int, int)} with a palette of 0xRRGGBB entries for 8 bpp. */
    public static int[] decode(byte[] src, int off, int len, int width, int height, int bpp, int[] palette)
            throws RdpProtocolException {
        Pixels.checkSize(CODEC, width, height);
        int bytesPerPixel = Pixels.bytesPerPixel(CODEC, bpp);
        int[] lut = bpp == 8 ? Pixels.checkPalette(CODEC, palette) : null;
        SourceReader in = new SourceReader(CODEC, src, off, len);
        int rowBytes = width * bytesPerPixel;
        int stride = len / height;
        if (len % height != 0 || stride < rowBytes || stride > rowBytes + 3) {
            throw in.error(len + " bytes do not hold " + height + " scanlines of " + rowBytes
                    + " bytes (" + width + " pixels at " + bpp + " bpp) padded to at most 4 bytes");
        }
        byte[] s = in.array();
        int[] out = new int[width * height];
        for (int y = 0; y < height; y++) {
            int p = off + y * stride;
            int dst = (height - 1 - y) * width;
            for (int x = 0; x < width; x++, p += bytesPerPixel) {
                out[dst + x] = argb(s, p, bpp, lut);
            }
        }
        return out;
    }

    private static int argb(byte[] s, int p, int bpp, int[] palette) {
        return switch (bpp) {
            case 8 -> 0xFF000000 | palette[s[p] & 0xFF];
            case 15 -> Pixels.rgb555((s[p] & 0xFF) | (s[p + 1] & 0xFF) << 8);
            case 16 -> Pixels.rgb565((s[p] & 0xFF) | (s[p + 1] & 0xFF) << 8);
            default -> 0xFF000000 | (s[p + 2] & 0xFF) << 16 | (s[p + 1] & 0xFF) << 8 | (s[p] & 0xFF);
        };
    }
}
