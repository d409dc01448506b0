package io.gatehouse.rdp.bitmap;

import java.util.Random;

/** Test images with the structure real screens have: flat areas, repeated rows, a few colours, noise. */
final class Images {
    private Images() {
    }

    static int[] desktopLike(Random random, int w, int h, int colourMask) {
        int[] palette = new int[6];
        for (int i = 0; i < palette.length; i++) {
            palette[i] = random.nextInt() & colourMask;
        }
        int[] img = new int[w * h];
        for (int y = 0; y < h; y++) {
            int mode = random.nextInt(4);
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                img[i] = switch (mode) {
                    case 0 -> y > 0 ? img[i - w] : palette[0];
                    case 1 -> palette[(x / (1 + random.nextInt(8))) % palette.length];
                    case 2 -> random.nextInt() & colourMask;
                    default -> x > 0 && random.nextInt(4) > 0 ? img[i - 1] : palette[random.nextInt(palette.length)];
                };
            }
        }
        return img;
    }

    static String hex(int[] px) {
        StringBuilder sb = new StringBuilder();
        for (int p : px) {
            sb.append(String.format("%08X ", p));
        }
        return sb.toString().trim();
    }

    static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }
}
