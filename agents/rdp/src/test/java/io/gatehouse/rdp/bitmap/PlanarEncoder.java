package io.gatehouse.rdp.bitmap;

import java.io.ByteArrayOutputStream;
import java.util.Random;

/**
 * A small RDP 6.0 planar encoder for round-trip tests (MS-RDPEGDI 3.1.9). Segmentation is
 * randomised so that every control-byte form appears: raw-only, raw+run, run-only and the
 * nRunLength 1/2 long runs.
 */
final class PlanarEncoder {
    private final Random random;
    private final boolean greedy;

    /** Randomised segmentation, for coverage. */
    PlanarEncoder(long seed) {
        this(seed, false);
    }

    /** {@code greedy}: xrdp-like compact segmentation, for realistic stream sizes. */
    PlanarEncoder(long seed, boolean greedy) {
        this.random = new Random(seed);
        this.greedy = greedy;
    }

    /** ARGB (cll 0) stream of a top-down image. */
    byte[] encodeArgb(int[] argb, int w, int h, boolean rle, boolean alpha) {
        byte[][] planes = new byte[4][w * h];
        for (int y = 0; y < h; y++) {
            int src = (h - 1 - y) * w; // planes run bottom-up
            for (int x = 0; x < w; x++) {
                int p = argb[src + x];
                planes[0][y * w + x] = (byte) (p >>> 24);
                planes[1][y * w + x] = (byte) (p >>> 16);
                planes[2][y * w + x] = (byte) (p >>> 8);
                planes[3][y * w + x] = (byte) p;
            }
        }
        int header = (rle ? 0x10 : 0) | (alpha ? 0 : 0x20);
        int[][] dims = {{w, h}, {w, h}, {w, h}, {w, h}};
        return write(header, planes, dims, rle, alpha);
    }

    /** YCoCg stream with colour loss level {@code cll} (1-7), optionally chroma subsampled (averaging 2x2 blocks). */
    byte[] encodeYCoCg(int[] argb, int w, int h, int cll, boolean subsample, boolean rle) {
        int cw = subsample ? (w + 1) / 2 : w;
        int ch = subsample ? (h + 1) / 2 : h;
        byte[] luma = new byte[w * h];
        int[] coFull = new int[w * h];
        int[] cgFull = new int[w * h];
        for (int y = 0; y < h; y++) {
            int src = (h - 1 - y) * w;
            for (int x = 0; x < w; x++) {
                int p = argb[src + x];
                int r = (p >>> 16) & 0xFF, g = (p >>> 8) & 0xFF, b = p & 0xFF;
                int co = r - b;
                int t = b + (co >> 1);
                int cg = g - t;
                luma[y * w + x] = (byte) (t + (cg >> 1));
                coFull[y * w + x] = co;
                cgFull[y * w + x] = cg;
            }
        }
        byte[] co = new byte[cw * ch];
        byte[] cg = new byte[cw * ch];
        for (int y = 0; y < ch; y++) {
            for (int x = 0; x < cw; x++) {
                int sy = subsample ? 2 * y : y;
                int sx = subsample ? 2 * x : x;
                co[y * cw + x] = (byte) (coFull[sy * w + sx] >> cll);
                cg[y * cw + x] = (byte) (cgFull[sy * w + sx] >> cll);
            }
        }
        int header = cll | (subsample ? 0x08 : 0) | (rle ? 0x10 : 0) | 0x20;
        byte[][] planes = {null, luma, co, cg};
        int[][] dims = {null, {w, h}, {cw, ch}, {cw, ch}};
        return write(header, planes, dims, rle, false);
    }

    private byte[] write(int header, byte[][] planes, int[][] dims, boolean rle, boolean alpha) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(header);
        for (int i = alpha ? 0 : 1; i < 4; i++) {
            if (rle) {
                rlePlane(planes[i], dims[i][0], dims[i][1], out);
            } else {
                out.writeBytes(planes[i]);
            }
        }
        if (!rle) {
            out.write(0); // pad
        }
        return out.toByteArray();
    }

    void rlePlane(byte[] plane, int w, int h, ByteArrayOutputStream out) {
        for (int y = 0; y < h; y++) {
            byte[] line = new byte[w];
            for (int x = 0; x < w; x++) {
                int v = plane[y * w + x] & 0xFF;
                if (y > 0) {
                    int delta = (byte) (v - (plane[(y - 1) * w + x] & 0xFF));
                    v = delta >= 0 ? delta << 1 : ((-delta - 1) << 1) | 1;
                }
                line[x] = (byte) v;
            }
            if (greedy) {
                greedyLine(line, out);
            } else {
                rleLine(line, out);
            }
        }
    }

    /** Raw values until a run of at least 3 starts, then that run (long runs as run-only segments). */
    private static void greedyLine(byte[] line, ByteArrayOutputStream out) {
        int x = 0;
        int last = 0;
        while (x < line.length) {
            int run = 0;
            while (x + run < line.length && line[x + run] == (byte) last && run < 47) {
                run++;
            }
            if (run >= 16) {
                out.write(run >= 32 ? ((run - 32) << 4) | 2 : ((run - 16) << 4) | 1);
                x += run;
                continue;
            }
            int raw = 1;
            while (x + raw < line.length && raw < 15 && !(x + raw + 2 < line.length
                    && line[x + raw] == line[x + raw - 1] && line[x + raw + 1] == line[x + raw - 1]
                    && line[x + raw + 2] == line[x + raw - 1])) {
                raw++;
            }
            int value = line[x + raw - 1];
            int r = 0;
            while (x + raw + r < line.length && line[x + raw + r] == value && r < 15) {
                r++;
            }
            if (r < 3) {
                r = 0;
            }
            out.write(raw << 4 | r);
            out.write(line, x, raw);
            last = value;
            x += raw + r;
        }
    }

    /** Greedy segmentation with random caps; a run repeats the last raw value (or the last value before). */
    private void rleLine(byte[] line, ByteArrayOutputStream out) {
        int x = 0;
        int last = 0;
        while (x < line.length) {
            int run = 0;
            while (x + run < line.length && line[x + run] == (byte) last && run < 47) {
                run++;
            }
            if (run >= 3 && run <= 15 && random.nextInt(3) == 0) {
                out.write(run); // run-only segment: cRawBytes 0
                x += run;
                continue;
            }
            if (run >= 16 && random.nextBoolean()) {
                int n = Math.min(run, 47);
                out.write(n >= 32 ? ((n - 32) << 4) | 2 : ((n - 16) << 4) | 1);
                x += n;
                continue;
            }
            int raw = 1 + random.nextInt(Math.min(15, line.length - x));
            int value = line[x + raw - 1];
            int r = 0;
            while (x + raw + r < line.length && line[x + raw + r] == value && r < 15) {
                r++;
            }
            if (r < 3) { // nRunLength 1 and 2 mean long runs
                r = 0;
            }
            out.write(raw << 4 | r);
            out.write(line, x, raw);
            last = value;
            x += raw + r;
        }
    }
}
