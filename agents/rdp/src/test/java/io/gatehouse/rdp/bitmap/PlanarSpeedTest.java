package io.gatehouse.rdp.bitmap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** A rough speed report for a full 1024x768 screen; printed, not asserted (CI machines vary). */
class PlanarSpeedTest {
    @Test
    void reportsTheTimeToDecodeAFullScreen() throws Exception {
        int w = 1024;
        int h = 768;
        int[] img = Images.desktopLike(new Random(1), w, h, 0xFFFFFF);
        for (int i = 0; i < img.length; i++) {
            img[i] |= 0xFF000000;
        }
        byte[] rle = new PlanarEncoder(1, true).encodeArgb(img, w, h, true, false);
        byte[] raw = new PlanarEncoder(1).encodeArgb(img, w, h, false, false);
        byte[] ycocg = new PlanarEncoder(1, true).encodeYCoCg(img, w, h, 3, true, true);
        byte[] interleaved = new RleEncoder(1, 16).encode(Images.desktopLike(new Random(2), w, h, 0xFFFF), w);
        int[] screen = screenLike(w, h);
        byte[] flat = new PlanarEncoder(1, true).encodeArgb(screen, w, h, true, false);
        System.out.printf("planar 1024x768: screen-like RLE %.2f ms (%d KB); noisy RLE %.2f ms (%d KB), raw %.2f ms,"
                + " YCoCg+CS RLE %.2f ms; interleaved RLE 16 bpp noisy %.2f ms%n",
                time(() -> Planar.decode(flat, 0, flat.length, w, h)), flat.length / 1024,
                time(() -> Planar.decode(rle, 0, rle.length, w, h)), rle.length / 1024,
                time(() -> Planar.decode(raw, 0, raw.length, w, h)),
                time(() -> Planar.decode(ycocg, 0, ycocg.length, w, h)),
                time(() -> InterleavedRle.decode(interleaved, 0, interleaved.length, w, h, 16)));
        assertEquals(img.length, Planar.decode(rle, 0, rle.length, w, h).length);
    }

    /** A desktop: flat background, window frames, and rows of "text" (short dark runs). */
    private static int[] screenLike(int w, int h) {
        Random random = new Random(5);
        int[] img = new int[w * h];
        java.util.Arrays.fill(img, 0xFF3A6EA5);
        for (int y = 100; y < 700; y++) {
            for (int x = 150; x < 900; x++) {
                boolean text = y % 16 < 10 && x % 7 < 4 && random.nextInt(3) == 0;
                img[y * w + x] = y < 122 ? 0xFF0A246A : (text ? 0xFF000000 : 0xFFFFFFFF);
            }
        }
        return img;
    }

    private interface Work {
        int[] run() throws Exception;
    }

    /**
     * Fastest of 50 runs after 100 warm-up runs, in milliseconds: the minimum, not the median,
     * because shared build machines add scheduling noise that has nothing to do with the codec.
     */
    private static double time(Work work) throws Exception {
        for (int i = 0; i < 100; i++) {
            work.run();
        }
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 50; i++) {
            long t = System.nanoTime();
            work.run();
            best = Math.min(best, System.nanoTime() - t);
        }
        return best / 1e6;
    }
}
