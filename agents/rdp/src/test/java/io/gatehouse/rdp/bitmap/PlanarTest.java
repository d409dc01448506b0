package io.gatehouse.rdp.bitmap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.rdp.RdpProtocolException;
import java.io.ByteArrayOutputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PlanarTest {
    /** MS-RDPEGDI 3.1.9.2.3 "Decoding": the 6x3 colour plane of the worked example. */
    private static final byte[] SPEC_PLANE = Images.bytes(0x13, 0xFF, 0x20, 0xFE, 0xFD, 0x60, 0x01, 0x7D,
            0xF5, 0xC2, 0x9A, 0x38, 0x60, 0x01, 0x67, 0x8B, 0xA3, 0x78, 0xAF);
    /** The example's decoded scanlines, in stream order (first = absolute values). */
    private static final int[][] SPEC_ROWS = {
        {255, 255, 255, 255, 254, 253},
        {254, 192, 132, 96, 75, 25},
        {253, 140, 62, 14, 135, 193},
    };

    private static byte[] stream(int header, byte[]... planes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(header);
        for (byte[] p : planes) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    @Test
    void specRleExampleDecodesToThePublishedScanlines() throws Exception {
        // The same plane as red, green and blue: every pixel is grey at the plane's value.
        byte[] s = stream(0x30, SPEC_PLANE, SPEC_PLANE, SPEC_PLANE);
        int[] out = Planar.decode(s, 0, s.length, 6, 3);
        for (int streamRow = 0; streamRow < 3; streamRow++) {
            int outRow = 2 - streamRow; // planes are bottom-up
            for (int x = 0; x < 6; x++) {
                int v = SPEC_ROWS[streamRow][x];
                assertEquals(0xFF000000 | v << 16 | v << 8 | v, out[outRow * 6 + x], "row " + streamRow + " x " + x);
            }
        }
    }

    @Test
    void specSegmentExampleAaaabbcccccdDecodes() throws Exception {
        // MS-RDPEGDI 3.1.9.2: RAW [A] RUN 3; RAW [BBC] RUN 4; RAW [D] RUN 0.
        byte[] red = Images.bytes(0x13, 'A', 0x34, 'B', 'B', 'C', 0x10, 'D');
        byte[] zeros = Images.bytes(0x0C); // a run-only segment: 12 zeros
        byte[] s = stream(0x30, red, zeros, zeros);
        int[] out = Planar.decode(s, 0, s.length, 12, 1);
        String expected = "AAAABBCCCCCD";
        for (int x = 0; x < 12; x++) {
            assertEquals(0xFF000000 | expected.charAt(x) << 16, out[x]);
        }
    }

    @Test
    void longRunFormsRepeatTheLastValueOfTheScanline() throws Exception {
        // 1 raw 0x7F; nRunLength 1 => 16 + 15 more; nRunLength 2 => 32 more; then 1 raw 0x22 + run 4.
        byte[] red = Images.bytes(0x10, 0x7F, 0xF1, 0x02, 0x14, 0x22);
        // Run-only segments at the start of a scanline repeat zero.
        byte[] zeros = Images.bytes(0xF1, 0x02, 0x15, 0x00);
        byte[] s = stream(0x30, red, zeros, zeros);
        int[] out = Planar.decode(s, 0, s.length, 69, 1);
        for (int x = 0; x < 64; x++) {
            assertEquals(0xFF7F0000, out[x], "x " + x);
        }
        for (int x = 64; x < 69; x++) {
            assertEquals(0xFF220000, out[x], "x " + x);
        }
    }

    @Test
    void rawPlanesWithAlphaAndPadByteDecode() throws Exception {
        // 2x2, alpha present, raw: planes bottom-up.
        byte[] s = Images.bytes(0x00,
                0x10, 0x20, 0x30, 0x40,   // alpha
                0x01, 0x02, 0x03, 0x04,   // red
                0x05, 0x06, 0x07, 0x08,   // green
                0x09, 0x0A, 0x0B, 0x0C,   // blue
                0x00);                    // pad
        int[] out = Planar.decode(s, 0, s.length, 2, 2);
        assertArrayEquals(new int[] {0x3003070B, 0x4004080C, 0x10010509, 0x2002060A}, out, Images.hex(out));
        // The pad byte is optional.
        assertArrayEquals(out, Planar.decode(s, 0, s.length - 1, 2, 2));
    }

    @Test
    void greyYCoCgPixelsDecodeExactlyAtEveryColourLossLevel() throws Exception {
        for (int cll = 1; cll <= 7; cll++) {
            byte[] s = Images.bytes(0x20 | cll, 0x80, 0x00, 0x00, 0x00);
            assertArrayEquals(new int[] {0xFF808080}, Planar.decode(s, 0, s.length, 1, 1), "cll " + cll);
        }
    }

    @Test
    void yCoCgUsesTheSpecInverseTransform() throws Exception {
        // cll 1: stored Co/2 = 0x20, Cg/2 = 0xF0 (-16), Y = 100: R = 100+32+16, G = 100-16, B = 100-32+16.
        byte[] s = Images.bytes(0x21, 100, 0x20, 0xF0, 0x00);
        assertArrayEquals(new int[] {0xFF000000 | 148 << 16 | 84 << 8 | 84}, Planar.decode(s, 0, s.length, 1, 1));
    }

    @Test
    void argbRoundTripsExactlyRawAndRle() throws Exception {
        Random random = new Random(42);
        for (int seed = 0; seed < 300; seed++) {
            int w = 1 + random.nextInt(70);
            int h = 1 + random.nextInt(40);
            boolean alpha = random.nextBoolean();
            boolean rle = random.nextBoolean();
            int[] img = Images.desktopLike(random, w, h, alpha ? 0xFFFFFFFF : 0xFFFFFF);
            if (!alpha) {
                for (int i = 0; i < img.length; i++) {
                    img[i] |= 0xFF000000;
                }
            }
            byte[] s = new PlanarEncoder(seed, seed % 3 == 0).encodeArgb(img, w, h, rle, alpha);
            assertArrayEquals(img, Planar.decode(s, 0, s.length, w, h), "seed " + seed);
        }
    }

    @Test
    void yCoCgRoundTripsWithinTheColourLoss() throws Exception {
        Random random = new Random(7);
        for (int seed = 0; seed < 200; seed++) {
            int w = 1 + random.nextInt(40);
            int h = 1 + random.nextInt(30);
            int cll = 1 + random.nextInt(7);
            boolean cs = random.nextBoolean();
            int[] img = cs ? blocks(random, w, h) : Images.desktopLike(random, w, h, 0xFFFFFF);
            byte[] s = new PlanarEncoder(seed).encodeYCoCg(img, w, h, cll, cs, random.nextBoolean());
            int[] out = Planar.decode(s, 0, s.length, w, h);
            int tolerance = (1 << cll) + 1;
            for (int i = 0; i < img.length; i++) {
                for (int shift = 0; shift <= 16; shift += 8) {
                    int d = Math.abs(((img[i] >>> shift) & 0xFF) - ((out[i] >>> shift) & 0xFF));
                    assertTrue(d <= tolerance, "seed " + seed + " pixel " + i + " channel " + shift + " off by " + d);
                }
                assertEquals(0xFF, out[i] >>> 24);
            }
        }
    }

    /** Colour constant over the 2x2 blocks chroma subsampling averages (blocks aligned to the bottom row). */
    private static int[] blocks(Random random, int w, int h) {
        int[] img = new int[w * h];
        int[] colours = new int[((w + 1) / 2) * ((h + 1) / 2)];
        for (int i = 0; i < colours.length; i++) {
            colours[i] = random.nextInt() & 0xFFFFFF;
        }
        for (int y = 0; y < h; y++) {
            int streamRow = h - 1 - y;
            for (int x = 0; x < w; x++) {
                img[y * w + x] = 0xFF000000 | colours[(streamRow / 2) * ((w + 1) / 2) + x / 2];
            }
        }
        return img;
    }

    @Test
    void malformedStreamsAreRefusedWithTheCodecNamed() {
        assertRefused(new byte[0], 1, 1, "format header");
        assertRefused(Images.bytes(0x08 | 0x30, 0x10, 0x10, 0x10), 1, 1, "chroma subsampling");
        assertRefused(Images.bytes(0x30, 0x00), 1, 1, "zero control byte");
        assertRefused(Images.bytes(0x30, 0x20, 1, 2, 0x10, 1, 0x10, 1), 1, 1, "overflows");
        assertRefused(Images.bytes(0x30, 0x10, 1, 0x10, 1, 0x10, 1, 0x99), 1, 1, "left after");
        assertRefused(Images.bytes(0x20, 1, 2, 3, 4, 5), 1, 1, "left after");
        assertRefused(Images.bytes(0x20, 1, 2), 1, 1, "raw planes need");
        assertRefused(Images.bytes(0x20, 1, 2, 3), 0, 1, "not positive");
        assertRefused(Images.bytes(0x20, 1, 2, 3), 65535, 65535, "limit");
    }

    private static void assertRefused(byte[] s, int w, int h, String words) {
        RdpProtocolException e = assertThrows(RdpProtocolException.class, () -> Planar.decode(s, 0, s.length, w, h));
        assertTrue(e.getMessage().startsWith("planar: "), e.getMessage());
        assertTrue(e.getMessage().contains(words), e.getMessage());
    }

    @Test
    void decodesFromAnOffsetInsideALargerBuffer() throws Exception {
        byte[] s = stream(0x30, SPEC_PLANE, SPEC_PLANE, SPEC_PLANE);
        byte[] padded = new byte[s.length + 10];
        System.arraycopy(s, 0, padded, 5, s.length);
        assertArrayEquals(Planar.decode(s, 0, s.length, 6, 3), Planar.decode(padded, 5, s.length, 6, 3));
        assertThrows(RdpProtocolException.class, () -> Planar.decode(padded, 5, padded.length, 6, 3));
    }
}
