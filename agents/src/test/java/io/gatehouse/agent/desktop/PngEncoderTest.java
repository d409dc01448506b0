package io.gatehouse.agent.desktop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** The hand-written PNG must read back, pixel for pixel, in a standard decoder (ImageIO's here). */
class PngEncoderTest {
    @Test
    void opaqueAndTranslucentImagesReadBackExactly() throws Exception {
        Random random = new Random(7);
        for (boolean alpha : new boolean[] {false, true}) {
            for (int[] size : new int[][] {{1, 1}, {64, 64}, {37, 5}, {300, 2}}) {
                int w = size[0];
                int h = size[1];
                int[] argb = new int[w * h];
                for (int i = 0; i < argb.length; i++) {
                    // runs and noise, like text on a flat background
                    argb[i] = random.nextInt(4) == 0 ? random.nextInt() : (i > 0 ? argb[i - 1] : 0xFF336699);
                    if (!alpha) {
                        argb[i] |= 0xFF000000;
                    }
                }
                BufferedImage image = ImageIO.read(new ByteArrayInputStream(PngEncoder.encode(w, h, argb, alpha)));
                int[] back = image.getRGB(0, 0, w, h, null, 0, w);
                if (alpha) {
                    // ImageIO reports fully transparent pixels' colour as stored; compare all four channels
                    assertArrayEquals(argb, back, "RGBA " + w + "x" + h);
                } else {
                    assertArrayEquals(argb, back, "RGB " + w + "x" + h);
                }
            }
        }
    }
}
