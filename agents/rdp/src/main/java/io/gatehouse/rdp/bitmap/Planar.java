package io.gatehouse.rdp.bitmap;

import io.gatehouse.rdp.RdpProtocolException;

/**
 * RDP 6.0 Bitmap Compression, the "planar" codec (MS-RDPEGDI 2.2.2.5.1, 3.1.9): one format
 * header byte, then an optional alpha plane and three colour planes (R, G, B when the colour
 * loss level is 0, otherwise Y, Co, Cg), each raw or RDP 6.0 RLE compressed.
 *
 * <p>Row order: inside a TS_BITMAP_DATA the planes run bottom-up like every other bitmap in
 * that structure. xrdp's encoder (xrdp_bitmap32_compress.c) splits the framebuffer starting
 * from the last line, and FreeRDP decodes bitmap-update planar data with a vertical flip; so
 * the first (absolute) scanline of each plane is the bottom row of the image.
 */
public final class Planar {
    private static final String CODEC = "planar";
    private static final int CLL_MASK = 0x07;
    private static final int CS = 0x08;
    private static final int RLE = 0x10;
    private static final int NA = 0x20;

    private Planar() {
    }

    /**
     * Decodes one RDP6_BITMAP_STREAM into {@code width * height} pixels, rows top-down,
     * 0xAARRGGBB; alpha comes from the alpha plane, or is 0xFF when the header says NA.
     */
    public static int[] decode(byte[] src, int off, int len, int width, int height)
            throws RdpProtocolException {
        Pixels.checkSize(CODEC, width, height);
        SourceReader in = new SourceReader(CODEC, src, off, len);
        int header = in.u8("format header");
        int cll = header & CLL_MASK;
        boolean subsampled = (header & CS) != 0;
        boolean alpha = (header & NA) == 0;
        if (subsampled && cll == 0) {
            // 2.2.2.5.1: chroma subsampling only exists for the YCoCg planes.
            throw in.error("format header 0x" + Integer.toHexString(header)
                    + " asks for chroma subsampling without colour loss (YCoCg) coding");
        }
        int chromaWidth = subsampled ? (width + 1) / 2 : width;
        int chromaHeight = subsampled ? (height + 1) / 2 : height;
        Planes p = new Planes(width * height, chromaWidth * chromaHeight, alpha);
        if ((header & RLE) != 0) {
            readRlePlanes(in, p, width, height, chromaWidth, chromaHeight, cll);
        } else {
            readRawPlanes(in, p, cll);
        }
        int[] out = new int[width * height];
        if (cll == 0) {
            composeArgb(p, width, height, out);
        } else {
            composeYCoCg(p, width, height, chromaWidth, subsampled, cll, out);
        }
        return out;
    }

    /** The four planes in stream order: alpha (may be absent), then luma-or-red and two chroma-or-colour. */
    private record Planes(byte[] alpha, byte[] first, byte[] second, byte[] third) {
        Planes(int size, int chromaSize, boolean hasAlpha) {
            this(hasAlpha ? new byte[size] : null, new byte[size], new byte[chromaSize], new byte[chromaSize]);
        }
    }

    private static void readRlePlanes(SourceReader in, Planes p, int w, int h, int cw, int ch, int cll)
            throws RdpProtocolException {
        if (p.alpha() != null) {
            PlanarRle.decode(in, p.alpha(), w, h, "alpha");
        }
        PlanarRle.decode(in, p.first(), w, h, cll == 0 ? "red" : "luma");
        PlanarRle.decode(in, p.second(), cw, ch, cll == 0 ? "green" : "orange chroma");
        PlanarRle.decode(in, p.third(), cw, ch, cll == 0 ? "blue" : "green chroma");
        if (in.remaining() != 0) {
            // 2.2.2.5.1: the Pad byte exists only when RLE is off; anything left means the
            // width or height does not match the stream.
            throw in.error(in.remaining() + " bytes left after the RLE planes");
        }
    }

    private static void readRawPlanes(SourceReader in, Planes p, int cll) throws RdpProtocolException {
        int size = p.first().length;
        int chromaSize = p.second().length;
        int total = (p.alpha() != null ? size : 0) + size + 2 * chromaSize;
        if (in.remaining() < total) {
            throw in.error("raw planes need " + total + " bytes but only " + in.remaining() + " follow the header");
        }
        if (p.alpha() != null) {
            in.copyTo(p.alpha(), size, "alpha plane");
        }
        in.copyTo(p.first(), size, cll == 0 ? "red plane" : "luma plane");
        in.copyTo(p.second(), chromaSize, cll == 0 ? "green plane" : "orange chroma plane");
        in.copyTo(p.third(), chromaSize, cll == 0 ? "blue plane" : "green chroma plane");
        // 2.2.2.5.1 Pad: one byte follows raw planes (xrdp always sends it; it is optional).
        if (in.remaining() > 1) {
            throw in.error(in.remaining() + " bytes left after the raw planes (at most one pad byte allowed)");
        }
    }

    private static void composeArgb(Planes p, int w, int h, int[] out) {
        byte[] a = p.alpha();
        byte[] r = p.first();
        byte[] g = p.second();
        byte[] b = p.third();
        for (int y = 0; y < h; y++) {
            int src = y * w;
            int dst = (h - 1 - y) * w;
            for (int x = 0; x < w; x++, src++) {
                int alpha = a == null ? 0xFF000000 : a[src] << 24;
                out[dst + x] = alpha | (r[src] & 0xFF) << 16 | (g[src] & 0xFF) << 8 | (b[src] & 0xFF);
            }
        }
    }

    /**
     * 3.1.9.1.2-3: Co and Cg were shifted right by the colour loss level and stored as signed
     * bytes. Shifting them back by (cll - 1) yields Co/2 and Cg/2, which is what the inverse
     * transform needs: R = Y + Co/2 - Cg/2, G = Y + Cg/2, B = Y - Co/2 - Cg/2. With chroma
     * subsampling (3.1.9.1.4) each chroma sample covers a 2x2 block; super-sampling repeats it.
     */
    private static void composeYCoCg(Planes p, int w, int h, int cw, boolean subsampled, int cll, int[] out) {
        byte[] a = p.alpha();
        byte[] luma = p.first();
        byte[] co = p.second();
        byte[] cg = p.third();
        int shift = cll - 1;
        for (int y = 0; y < h; y++) {
            int src = y * w;
            int dst = (h - 1 - y) * w;
            int chromaRow = (subsampled ? y >> 1 : y) * cw;
            for (int x = 0; x < w; x++, src++) {
                int ci = chromaRow + (subsampled ? x >> 1 : x);
                int yv = luma[src] & 0xFF;
                int coHalf = co[ci] << shift;
                int cgHalf = cg[ci] << shift;
                int r = clamp(yv + coHalf - cgHalf);
                int g = clamp(yv + cgHalf);
                int b = clamp(yv - coHalf - cgHalf);
                int alpha = a == null ? 0xFF000000 : a[src] << 24;
                out[dst + x] = alpha | r << 16 | g << 8 | b;
            }
        }
    }

    private static int clamp(int v) {
        return v < 0 ? 0 : (v > 255 ? 255 : v);
    }
}
