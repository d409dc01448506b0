package io.gatehouse.rdp.bitmap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.rdp.RdpProtocolException;
import java.util.Random;
import org.junit.jupiter.api.Test;

class InterleavedRleTest {
    private static final int W = 0xFFFFFF;
    private static final int C = 0x112233;
    private static final int D = 0x445566;
    private static final int[] C_BYTES = {0x33, 0x22, 0x11};
    private static final int[] D_BYTES = {0x66, 0x55, 0x44};

    /** Concatenates order bytes and colour byte groups. */
    private static byte[] s(Object... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (Object p : parts) {
            if (p instanceof int[] a) {
                for (int v : a) {
                    out.write(v);
                }
            } else {
                out.write((Integer) p);
            }
        }
        return out.toByteArray();
    }

    private static int[] rle24(int w, int h, byte[] stream) throws RdpProtocolException {
        return InterleavedRle.decode(stream, 0, stream.length, w, h, 24);
    }

    /** Expected output from native 24-bit pixels listed in stream (bottom-up) order. */
    private static int[] expect(int w, int h, int... streamOrder) {
        int[] out = new int[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                out[(h - 1 - y) * w + x] = 0xFF000000 | streamOrder[y * w + x];
            }
        }
        return out;
    }

    private static void check(int[] expected, int[] actual) {
        assertArrayEquals(expected, actual, "expected " + Images.hex(expected) + "\nactual   " + Images.hex(actual));
    }

    @Test
    void colourRunsInAllThreeLengthForms() throws Exception {
        check(expect(4, 2, C, C, C, C, C, C, C, C), rle24(4, 2, s(0x68, C_BYTES)));
        int[] forty = new int[40];
        java.util.Arrays.fill(forty, C);
        check(expect(40, 1, forty), rle24(40, 1, s(0x60, 40 - 32, C_BYTES)));
        int[] many = new int[300];
        java.util.Arrays.fill(many, D);
        check(expect(300, 1, many), rle24(300, 1, s(0xF3, 0x2C, 0x01, D_BYTES)));
    }

    @Test
    void colourImagesCopyPixelsInBgrOrder() throws Exception {
        check(expect(2, 1, C, D), rle24(2, 1, s(0x82, C_BYTES, D_BYTES)));
        check(expect(2, 1, D, C), rle24(2, 1, s(0xF4, 0x02, 0x00, D_BYTES, C_BYTES)));
    }

    @Test
    void backgroundRunIsBlackOnTheFirstLineAndCopiesTheLineAboveLater() throws Exception {
        check(expect(4, 2, 0, 0, C, C, 0, 0, C, C), rle24(4, 2, s(0x02, 0x62, C_BYTES, 0x04)));
        check(expect(4, 2, 0, 0, C, C, 0, 0, C, C), rle24(4, 2, s(0x02, 0x62, C_BYTES, 0xF0, 0x04, 0x00)));
    }

    @Test
    void consecutiveBackgroundRunsInsertAForegroundPel() throws Exception {
        // First line: the inserted pel is the foreground colour itself (white by default).
        check(expect(8, 2, 0, 0, W, 0, C, C, C, C, 0, 0, W, 0, C, C, C, C),
                rle24(8, 2, s(0x02, 0x02, 0x64, C_BYTES, 0x08)));
        // Later lines: the inserted pel is the pixel above XOR the foreground colour.
        check(expect(4, 2, C, D, C, D, C, D ^ W, C, D),
                rle24(4, 2, s(0x84, C_BYTES, D_BYTES, C_BYTES, D_BYTES, 0x01, 0x03)));
    }

    @Test
    void leavingTheFirstLineCancelsThePendingForegroundPel() throws Exception {
        check(expect(4, 2, 0, 0, 0, 0, 0, 0, 0, 0), rle24(4, 2, s(0x04, 0x04)));
    }

    @Test
    void foregroundRunsXorTheLineAboveWithTheForegroundColour() throws Exception {
        check(expect(4, 2, W, W, W, W, 0, 0, 0, 0), rle24(4, 2, s(0x24, 0x24)));
        check(expect(2, 2, C, D, C ^ W, D ^ W), rle24(2, 2, s(0x82, C_BYTES, D_BYTES, 0xF1, 0x02, 0x00)));
        check(expect(40, 1, filled(40, W)), rle24(40, 1, s(0x20, 40 - 32)));
    }

    @Test
    void setForegroundRunsChangeTheForegroundColourForLaterOrders() throws Exception {
        check(expect(4, 2, C, C, C, C, 0, 0, 0, 0), rle24(4, 2, s(0xC4, C_BYTES, 0x24)));
        check(expect(4, 2, C, C, C, C, 0, 0, 0, 0), rle24(4, 2, s(0xF6, 0x04, 0x00, C_BYTES, 0x24)));
        check(expect(20, 1, filled(20, D)), rle24(20, 1, s(0xC0, 20 - 16, D_BYTES)));
    }

    @Test
    void ditheredRunsAlternateTwoColours() throws Exception {
        check(expect(4, 1, C, D, C, D), rle24(4, 1, s(0xE2, C_BYTES, D_BYTES)));
        check(expect(4, 1, D, C, D, C), rle24(4, 1, s(0xF8, 0x02, 0x00, D_BYTES, C_BYTES)));
        int[] alternating = new int[36];
        for (int i = 0; i < 36; i++) {
            alternating[i] = i % 2 == 0 ? C : D;
        }
        check(expect(36, 1, alternating), rle24(36, 1, s(0xE0, 18 - 16, C_BYTES, D_BYTES)));
    }

    @Test
    void fgBgImagesUseOneBitPerPixelLeastSignificantFirst() throws Exception {
        check(expect(8, 2, W, 0, W, 0, 0, W, 0, W, 0, W, 0, W, 0, W, 0, W),
                rle24(8, 2, s(0x41, 0xA5, 0x41, 0x0F)));
        check(expect(3, 1, W, 0, W), rle24(3, 1, s(0x40, 3 - 1, 0x05)));
        check(expect(3, 1, 0, W, W), rle24(3, 1, s(0xF2, 0x03, 0x00, 0x06)));
        check(expect(10, 1, W, W, W, W, W, W, W, W, W, 0), rle24(10, 1, s(0x40, 10 - 1, 0xFF, 0x01)));
    }

    @Test
    void setForegroundFgBgImagesReadTheColourAfterTheLength() throws Exception {
        check(expect(8, 1, C, C, C, C, 0, 0, 0, 0), rle24(8, 1, s(0xD1, C_BYTES, 0x0F)));
        check(expect(2, 1, 0, C), rle24(2, 1, s(0xD0, 2 - 1, C_BYTES, 0x02)));
        check(expect(2, 1, D, 0), rle24(2, 1, s(0xF7, 0x02, 0x00, D_BYTES, 0x01)));
    }

    @Test
    void specialFgBgOrdersUseTheirFixedMasks() throws Exception {
        check(expect(8, 2, C, C, C, C, C, C, C, C, C ^ W, C ^ W, C, C, C, C, C, C),
                rle24(8, 2, s(0x68, C_BYTES, 0xF9)));
        check(expect(8, 2, C, C, C, C, C, C, C, C, C ^ W, C, C ^ W, C, C, C, C, C),
                rle24(8, 2, s(0x68, C_BYTES, 0xFA)));
        // On the first line the background is black.
        check(expect(8, 1, W, W, 0, 0, 0, 0, 0, 0), rle24(8, 1, s(0xF9)));
    }

    @Test
    void whiteAndBlackOrdersWriteOnePixel() throws Exception {
        check(expect(3, 1, W, 0, W), rle24(3, 1, s(0xFD, 0xFE, 0xFD)));
    }

    @Test
    void everyColourDepthConvertsToArgb() throws Exception {
        int[] palette = new int[256];
        palette[1] = 0x123456;
        palette[2] = 0xABCDEF;
        byte[] p8 = s(0x82, 0x01, 0x02);
        check(new int[] {0xFF123456, 0xFFABCDEF}, InterleavedRle.decode(p8, 0, p8.length, 2, 1, 8, palette));
        byte[] p15 = s(0x81, 0x00, 0x7C, 0x81, 0xE0, 0x03, 0x81, 0x1F, 0x00, 0xFD);
        check(new int[] {0xFFFF0000, 0xFF00FF00, 0xFF0000FF, 0xFFFFFFFF}, InterleavedRle.decode(p15, 0, p15.length, 4, 1, 15));
        byte[] p16 = s(0x81, 0x00, 0xF8, 0x81, 0xE0, 0x07, 0x81, 0x41, 0x08, 0x21);
        check(new int[] {0xFFFF0000, 0xFF00FF00, 0xFF080808, 0xFFFFFFFF}, InterleavedRle.decode(p16, 0, p16.length, 4, 1, 16));
        byte[] p8white = s(0xFD);
        check(new int[] {0xFF000000 | Pixels.systemPalette()[255]}, InterleavedRle.decode(p8white, 0, 1, 1, 1, 8));
    }

    @Test
    void roundTripsThroughASmallEncoderAtEveryDepth() throws Exception {
        Random random = new Random(3);
        int[] palette = new int[256];
        for (int i = 0; i < 256; i++) {
            palette[i] = random.nextInt() & 0xFFFFFF;
        }
        for (int bpp : new int[] {8, 15, 16, 24}) {
            int mask = bpp == 8 ? 0xFF : bpp == 15 ? 0x7FFF : bpp == 16 ? 0xFFFF : 0xFFFFFF;
            for (int seed = 0; seed < 200; seed++) {
                int w = 1 + random.nextInt(80);
                int h = 1 + random.nextInt(30);
                int[] nativePx = Images.desktopLike(random, w, h, mask);
                byte[] stream = new RleEncoder(seed, bpp).encode(nativePx, w);
                int[] expected = new int[w * h];
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        int v = nativePx[y * w + x];
                        expected[(h - 1 - y) * w + x] = switch (bpp) {
                            case 8 -> 0xFF000000 | palette[v];
                            case 15 -> Pixels.rgb555(v);
                            case 16 -> Pixels.rgb565(v);
                            default -> 0xFF000000 | v;
                        };
                    }
                }
                int[] actual = InterleavedRle.decode(stream, 0, stream.length, w, h, bpp, palette);
                assertArrayEquals(expected, actual, "bpp " + bpp + " seed " + seed);
            }
        }
    }

    @Test
    void malformedStreamsAreRefusedWithTheCodecNamed() {
        for (int code : new int[] {0xF5, 0xFB, 0xFC, 0xFF}) {
            assertRefused(s(code), 1, 1, 24, "unknown order header");
        }
        assertRefused(s(0x63, C_BYTES), 2, 1, 24, "overflows");
        assertRefused(s(0xE2, C_BYTES, D_BYTES), 3, 1, 24, "overflows");
        assertRefused(s(0x61, C_BYTES), 2, 1, 24, "stream ended after 1 of 2 pixels");
        assertRefused(s(0x82, C_BYTES, 0x33), 2, 1, 24, "colour image");
        assertRefused(s(0xF3, 0x01), 1, 1, 24, "MEGA_MEGA run length");
        assertRefused(s(0x61, C_BYTES), 1, 1, 32, "unsupported colour depth 32");
        assertRefused(s(0x61, C_BYTES), -1, 1, 24, "not positive");
        assertThrows(RdpProtocolException.class, () -> InterleavedRle.decode(s(0x81, 1), 0, 2, 1, 1, 8, new int[16]));
    }

    private static void assertRefused(byte[] stream, int w, int h, int bpp, String words) {
        RdpProtocolException e = assertThrows(RdpProtocolException.class,
                () -> InterleavedRle.decode(stream, 0, stream.length, w, h, bpp));
        assertTrue(e.getMessage().startsWith("interleaved RLE: "), e.getMessage());
        assertTrue(e.getMessage().contains(words), e.getMessage());
    }

    private static int[] filled(int n, int v) {
        int[] a = new int[n];
        java.util.Arrays.fill(a, v);
        return a;
    }
}
