package io.gatehouse.rdp.bitmap;

import java.io.ByteArrayOutputStream;
import java.util.Random;

/**
 * A small interleaved RLE encoder for round-trip tests. It uses background runs, colour runs,
 * dithered runs, colour images and the white/black orders, choosing regular, extended and
 * MEGA_MEGA length forms at random. Background runs never follow each other, so the decoder
 * never inserts a foreground pel (that rule is covered by the hand-made tests).
 */
final class RleEncoder {
    private final Random random;
    private final int bytesPerPixel;
    private final int white;

    RleEncoder(long seed, int bpp) {
        this.random = new Random(seed);
        this.bytesPerPixel = bpp == 8 ? 1 : bpp == 24 ? 3 : 2;
        this.white = bpp == 8 ? 0xFF : bpp == 15 ? 0x7FFF : bpp == 16 ? 0xFFFF : 0xFFFFFF;
    }

    /** {@code px} are native pixel values in stream (bottom-up) order. */
    byte[] encode(int[] px, int w) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int d = 0;
        boolean lastWasBg = false;
        while (d < px.length) {
            int bg = backgroundLength(px, w, d);
            if (bg > 0 && !lastWasBg) {
                int n = Math.min(bg, 1 + random.nextInt(300));
                length(out, 0x00, 0xF0, 0x1F, 32, n);
                d += n;
                lastWasBg = true;
                continue;
            }
            lastWasBg = false;
            int same = 1;
            while (d + same < px.length && px[d + same] == px[d]) {
                same++;
            }
            if (same == 1 && (px[d] == white || px[d] == 0) && random.nextBoolean()) {
                out.write(px[d] == 0 ? 0xFE : 0xFD);
                d++;
            } else if (same >= 3) {
                int n = Math.min(same, 1 + random.nextInt(400));
                length(out, 0x60, 0xF3, 0x1F, 32, n);
                pixel(out, px[d]);
                d += n;
            } else if (d + 3 < px.length && px[d] == px[d + 2] && px[d + 1] == px[d + 3] && random.nextBoolean()) {
                int pairs = 2;
                while (d + 2 * pairs + 1 < px.length && px[d + 2 * pairs] == px[d] && px[d + 2 * pairs + 1] == px[d + 1]) {
                    pairs++;
                }
                length(out, 0xE0, 0xF8, 0x0F, 16, pairs);
                pixel(out, px[d]);
                pixel(out, px[d + 1]);
                d += 2 * pairs;
            } else {
                int n = 1;
                while (d + n < px.length && n < 1 + random.nextInt(40) && px[d + n] != px[d + n - 1]) {
                    n++;
                }
                length(out, 0x80, 0xF4, 0x1F, 32, n);
                for (int k = 0; k < n; k++) {
                    pixel(out, px[d + k]);
                }
                d += n;
            }
        }
        return out.toByteArray();
    }

    /** On the first line a background run is black; elsewhere it copies the line above. */
    private static int backgroundLength(int[] px, int w, int d) {
        int n = 0;
        if (d < w) {
            while (d + n < px.length && px[d + n] == 0) {
                n++;
            }
        } else {
            while (d + n < px.length && px[d + n] == px[d + n - w]) {
                n++;
            }
        }
        return n;
    }

    private void length(ByteArrayOutputStream out, int regular, int mega, int mask, int bias, int n) {
        int form = random.nextInt(3);
        if (form == 0 && n <= mask) {
            out.write(regular | n);
        } else if (form == 1 && n >= bias && n <= bias + 255) {
            out.write(regular);
            out.write(n - bias);
        } else if (n <= mask && n > 0) {
            out.write(regular | n);
        } else {
            out.write(mega);
            out.write(n & 0xFF);
            out.write(n >>> 8);
        }
    }

    private void pixel(ByteArrayOutputStream out, int v) {
        for (int k = 0; k < bytesPerPixel; k++) {
            out.write(v >>> (8 * k));
        }
    }
}
