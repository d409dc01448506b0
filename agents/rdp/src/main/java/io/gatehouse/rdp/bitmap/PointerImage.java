package io.gatehouse.rdp.bitmap;

import io.gatehouse.rdp.RdpProtocolException;

/**
 * Pointer shapes from TS_COLORPOINTERATTRIBUTE (24 bpp, MS-RDPBCGR 2.2.9.1.1.4.4) and
 * TS_POINTERATTRIBUTE (xorBpp 1, 8, 15, 16, 24 or 32, 2.2.9.1.1.4.5) as 0xAARRGGBB, top-down.
 *
 * <p>Both masks are bottom-up and every scanline of each is padded to a 2-byte boundary. The
 * AND mask (1 bpp) decides transparency the Windows way:
 * <ul>
 * <li>AND 0: the XOR colour, opaque;</li>
 * <li>AND 1, XOR black: transparent;</li>
 * <li>AND 1, XOR white: "invert the screen". A client that composites ARGB images cannot
 *     invert, so this becomes opaque black — it keeps I-beam and other inverting cursors
 *     visible on the light backgrounds most desktops use;</li>
 * <li>AND 1, any other colour: the screen XORed with that colour; approximated as the colour, opaque.</li>
 * </ul>
 * A 32-bpp XOR mask with any non-zero alpha byte carries real per-pixel alpha, which is used as
 * is and the AND mask ignored (how Windows draws alpha cursors); a 32-bpp mask whose alpha is
 * zero everywhere is treated like 24 bpp. An empty AND mask means "all zero". 8-bpp XOR masks
 * index the default system palette (pointers carry no palette of their own).
 */
public final class PointerImage {
    private static final String CODEC = "pointer";
    private static final int OPAQUE_BLACK = 0xFF000000;
    private static final int INVERTED = OPAQUE_BLACK;

    private PointerImage() {
    }

    public static int[] decode(int xorBpp, int width, int height, byte[] xorMask, byte[] andMask)
            throws RdpProtocolException {
        Pixels.checkSize(CODEC, width, height);
        if (xorBpp != 1 && xorBpp != 8 && xorBpp != 15 && xorBpp != 16 && xorBpp != 24 && xorBpp != 32) {
            throw new RdpProtocolException(CODEC + ": unsupported XOR mask depth " + xorBpp + " bpp");
        }
        int xorStride = align2((width * xorBpp + 7) / 8);
        int andStride = align2((width + 7) / 8);
        checkLength("XOR mask", xorMask, xorStride, height);
        boolean hasAnd = andMask != null && andMask.length > 0;
        if (hasAnd) {
            checkLength("AND mask", andMask, andStride, height);
        }
        boolean alpha = xorBpp == 32 && hasAlpha(xorMask, xorStride, width, height);
        int[] out = new int[width * height];
        for (int y = 0; y < height; y++) {
            int xorRow = y * xorStride;
            int andRow = y * andStride;
            int dst = (height - 1 - y) * width;
            for (int x = 0; x < width; x++) {
                int colour = xorColour(xorMask, xorRow, x, xorBpp);
                if (alpha) {
                    out[dst + x] = colour;
                    continue;
                }
                colour |= OPAQUE_BLACK;
                boolean and = hasAnd && (andMask[andRow + (x >>> 3)] & (0x80 >>> (x & 7))) != 0;
                out[dst + x] = and ? masked(colour) : colour;
            }
        }
        return out;
    }

    private static int masked(int colour) {
        int rgb = colour & 0xFFFFFF;
        if (rgb == 0) {
            return 0;
        }
        return rgb == 0xFFFFFF ? INVERTED : colour;
    }

    private static int xorColour(byte[] m, int row, int x, int bpp) {
        return switch (bpp) {
            case 1 -> (m[row + (x >>> 3)] & (0x80 >>> (x & 7))) != 0 ? 0xFFFFFFFF : OPAQUE_BLACK;
            case 8 -> Pixels.systemPalette()[m[row + x] & 0xFF];
            case 15 -> Pixels.rgb555(u16(m, row + 2 * x));
            case 16 -> Pixels.rgb565(u16(m, row + 2 * x));
            case 24 -> {
                int p = row + 3 * x;
                yield (m[p + 2] & 0xFF) << 16 | (m[p + 1] & 0xFF) << 8 | (m[p] & 0xFF);
            }
            default -> {
                int p = row + 4 * x;
                yield (m[p + 3] & 0xFF) << 24 | (m[p + 2] & 0xFF) << 16 | (m[p + 1] & 0xFF) << 8 | (m[p] & 0xFF);
            }
        };
    }

    private static boolean hasAlpha(byte[] m, int stride, int width, int height) {
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                if (m[y * stride + 4 * x + 3] != 0) {
                    return true;
                }
            }
        }
        return false;
    }

    private static int u16(byte[] m, int p) {
        return (m[p] & 0xFF) | (m[p + 1] & 0xFF) << 8;
    }

    private static int align2(int n) {
        return (n + 1) & ~1;
    }

    private static void checkLength(String what, byte[] mask, int stride, int height) throws RdpProtocolException {
        long needed = (long) stride * height;
        int got = mask == null ? 0 : mask.length;
        if (got < needed) {
            throw new RdpProtocolException(CODEC + ": " + what + " has " + got + " bytes, "
                    + height + " scanlines of " + stride + " bytes need " + needed);
        }
    }
}
