package io.gatehouse.rdp.bitmap;

import io.gatehouse.rdp.RdpProtocolException;

/**
 * One run-length encoded colour plane of an RDP 6.0 bitmap (MS-RDPEGDI 2.2.2.5.1.1-2 and
 * 3.1.9.2). Each scanline is a sequence of segments; a segment's control byte holds cRawBytes
 * (high nibble) and nRunLength (low nibble), and the run repeats the last value. The first
 * scanline carries absolute values; later scanlines carry sign-magnitude deltas against the
 * scanline before (3.1.9.2.3), whose runs repeat the last delta.
 */
final class PlanarRle {
    private PlanarRle() {
    }

    /** Decodes {@code width * height} bytes into {@code plane}, in the stream's row order. */
    static void decode(SourceReader in, byte[] plane, int width, int height, String name)
            throws RdpProtocolException {
        byte[] s = in.array();
        int p = in.position();
        int end = in.end();
        for (int y = 0; y < height; y++) {
            int row = y * width;
            int x = 0;
            // The "last value" carries across segments of one scanline (a run-only segment
            // continues the previous segment's value) and starts at zero on every scanline.
            int last = 0;
            while (x < width) {
                if (p >= end) {
                    throw in.error(name + " plane is truncated in scanline " + y + " at pixel " + x);
                }
                int control = s[p++] & 0xFF;
                int raw = control >>> 4;
                int run = control & 0x0F;
                if (run == 1 || run == 2) {
                    // 2.2.2.5.1.2: nRunLength 1 and 2 mean runs of 16+ and 32+ cRawBytes, no raw values.
                    run = run * 16 + raw;
                    raw = 0;
                } else if (control == 0) {
                    throw in.error(name + " plane has a zero control byte in scanline " + y);
                }
                if (raw + run > width - x) {
                    throw in.error(name + " plane segment of " + (raw + run) + " values overflows scanline "
                            + y + " (" + (width - x) + " left)");
                }
                if (raw > end - p) {
                    throw in.error(name + " plane is truncated: segment wants " + raw + " raw bytes in scanline " + y);
                }
                last = y == 0
                        ? absolute(s, p, plane, row + x, raw, run, last)
                        : delta(s, p, plane, row + x, width, raw, run, last);
                p += raw;
                x += raw + run;
            }
        }
        in.moveTo(p);
    }

    /** First scanline: raw bytes are the values; returns the value a later run-only segment repeats. */
    private static int absolute(byte[] s, int p, byte[] plane, int i, int raw, int run, int last) {
        for (int k = 0; k < raw; k++) {
            last = s[p++];
            plane[i++] = (byte) last;
        }
        for (int k = 0; k < run; k++) {
            plane[i++] = (byte) last;
        }
        return last;
    }

    /** Later scanlines: raw bytes are deltas against the scanline before; returns the last delta. */
    private static int delta(byte[] s, int p, byte[] plane, int i, int width, int raw, int run, int last) {
        for (int k = 0; k < raw; k++, i++) {
            // Sign-magnitude: odd bytes are -(d/2 + 1), even ones d/2. Branch-free,
            // because the sign of real image deltas is unpredictable.
            int d = s[p++] & 0xFF;
            last = (d >>> 1) ^ -(d & 1);
            plane[i] = (byte) (plane[i - width] + last);
        }
        for (int k = 0; k < run; k++, i++) {
            plane[i] = (byte) (plane[i - width] + last);
        }
        return last;
    }
}
