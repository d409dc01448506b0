package io.gatehouse.rdp.bitmap;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import io.gatehouse.rdp.RdpProtocolException;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Every decoder, fed garbage, either decodes or throws RdpProtocolException; nothing else escapes. */
class MalformedInputTest {
    private static final int[] RLE_DEPTHS = {8, 15, 16, 24};

    @FunctionalInterface
    private interface Decode {
        int[] run(byte[] s, int len) throws RdpProtocolException;
    }

    @Test
    void truncatedPlanarStreamsAreRefusedAtEveryLength() {
        Random random = new Random(11);
        for (int seed = 0; seed < 40; seed++) {
            int w = 1 + random.nextInt(30);
            int h = 1 + random.nextInt(20);
            boolean rle = random.nextBoolean();
            int[] img = Images.desktopLike(random, w, h, 0xFFFFFFFF);
            byte[] s = new PlanarEncoder(seed).encodeArgb(img, w, h, rle, true);
            // Without RLE the last byte is the optional pad.
            int valid = rle ? s.length : s.length - 1;
            for (int len = 0; len < valid; len++) {
                int l = len;
                assertThrows(RdpProtocolException.class, () -> Planar.decode(s, 0, l, w, h), "seed " + seed + " len " + len);
            }
        }
    }

    @Test
    void truncatedInterleavedStreamsAreRefusedAtEveryLength() {
        Random random = new Random(12);
        for (int seed = 0; seed < 40; seed++) {
            int bpp = RLE_DEPTHS[seed % 4];
            int w = 1 + random.nextInt(30);
            int h = 1 + random.nextInt(20);
            int[] px = Images.desktopLike(random, w, h, bpp == 8 ? 0xFF : 0x7FFF);
            byte[] s = new RleEncoder(seed, bpp).encode(px, w);
            for (int len = 0; len < s.length; len++) {
                int l = len;
                assertThrows(RdpProtocolException.class, () -> InterleavedRle.decode(s, 0, l, w, h, bpp),
                        "seed " + seed + " len " + len);
            }
        }
    }

    @Test
    void randomBytesOnlyEverRaiseProtocolExceptions() {
        Random random = new Random(13);
        for (int seed = 0; seed < 5000; seed++) {
            byte[] s = new byte[random.nextInt(200)];
            random.nextBytes(s);
            int w = 1 + random.nextInt(24);
            int h = 1 + random.nextInt(24);
            int bpp = RLE_DEPTHS[random.nextInt(4)];
            survive(seed, (b, l) -> Planar.decode(b, 0, l, w, h), s);
            survive(seed, (b, l) -> InterleavedRle.decode(b, 0, l, w, h, bpp), s);
            survive(seed, (b, l) -> RawBitmap.decode(b, 0, l, w, h, bpp == 24 ? 32 : bpp), s);
            int xorBpp = new int[] {1, 8, 15, 16, 24, 32}[seed % 6];
            survive(seed, (b, l) -> PointerImage.decode(xorBpp, w, h, b, b), s);
        }
    }

    @Test
    void mutatedValidStreamsOnlyEverRaiseProtocolExceptions() {
        Random random = new Random(14);
        for (int seed = 0; seed < 3000; seed++) {
            int w = 1 + random.nextInt(40);
            int h = 1 + random.nextInt(20);
            byte[] planar = new PlanarEncoder(seed).encodeArgb(Images.desktopLike(random, w, h, -1), w, h, true, seed % 2 == 0);
            int bpp = RLE_DEPTHS[seed % 4];
            byte[] rle = new RleEncoder(seed, bpp).encode(Images.desktopLike(random, w, h, 0xFF), w);
            mutate(random, planar);
            mutate(random, rle);
            survive(seed, (b, l) -> Planar.decode(b, 0, l, w, h), planar);
            survive(seed, (b, l) -> InterleavedRle.decode(b, 0, l, w, h, bpp), rle);
        }
    }

    private static void mutate(Random random, byte[] s) {
        for (int k = 0; k < 1 + random.nextInt(4) && s.length > 0; k++) {
            s[random.nextInt(s.length)] = (byte) random.nextInt(256);
        }
    }

    private static void survive(int seed, Decode decode, byte[] s) {
        try {
            decode.run(s, s.length);
        } catch (RdpProtocolException expected) {
            if (expected.getMessage() == null || expected.getMessage().isBlank()) {
                fail("seed " + seed + ": exception without a message");
            }
        } catch (RuntimeException e) {
            throw new AssertionError("seed " + seed + " escaped with " + e, e);
        }
    }
}
