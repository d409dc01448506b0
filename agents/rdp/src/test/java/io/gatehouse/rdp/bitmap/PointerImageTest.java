package io.gatehouse.rdp.bitmap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.rdp.RdpProtocolException;
import org.junit.jupiter.api.Test;

class PointerImageTest {
    @Test
    void monochromePointerFollowsTheFourAndXorCombinations() throws Exception {
        // 4x1: XOR bits 0,1,0,1 and AND bits 0,0,1,1; each 1-bpp row padded to 2 bytes.
        byte[] xor = Images.bytes(0b0101_0000, 0x00);
        byte[] and = Images.bytes(0b0011_0000, 0x00);
        assertArrayEquals(new int[] {0xFF000000, 0xFFFFFFFF, 0x00000000, 0xFF000000},
                PointerImage.decode(1, 4, 1, xor, and));
    }

    @Test
    void colourPointerMasksAreBottomUpAndPaddedToTwoBytes() throws Exception {
        // 1x2 at 24 bpp: each XOR row is 3 bytes + 1 pad; each AND row 1 byte + 1 pad.
        byte[] xor = Images.bytes(0x33, 0x22, 0x11, 0x00, 0x00, 0x00, 0x00, 0x00);
        byte[] and = Images.bytes(0x00, 0x00, 0x80, 0x00);
        // Bottom row (first in the masks) is opaque colour; the top row is AND=1 XOR=black: transparent.
        assertArrayEquals(new int[] {0x00000000, 0xFF112233}, PointerImage.decode(24, 1, 2, xor, and));
    }

    @Test
    void invertingPixelsBecomeOpaqueBlack() throws Exception {
        byte[] xor = Images.bytes(0xFF, 0xFF, 0xFF, 0x00);
        byte[] and = Images.bytes(0x80, 0x00);
        assertArrayEquals(new int[] {0xFF000000}, PointerImage.decode(24, 1, 1, xor, and));
    }

    @Test
    void thirtyTwoBppAlphaIsUsedAsIsAndTheAndMaskIgnored() throws Exception {
        byte[] xor = Images.bytes(0x30, 0x20, 0x10, 0x80, 0x00, 0x00, 0x00, 0x00);
        byte[] and = Images.bytes(0xC0, 0x00);
        assertArrayEquals(new int[] {0x80102030, 0x00000000}, PointerImage.decode(32, 2, 1, xor, and));
    }

    @Test
    void thirtyTwoBppWithoutAlphaFallsBackToTheAndMask() throws Exception {
        byte[] xor = Images.bytes(0x30, 0x20, 0x10, 0x00, 0x00, 0x00, 0x00, 0x00);
        byte[] and = Images.bytes(0x40, 0x00);
        assertArrayEquals(new int[] {0xFF102030, 0x00000000}, PointerImage.decode(32, 2, 1, xor, and));
        // And with no AND mask at all, everything is opaque.
        assertArrayEquals(new int[] {0xFF102030, 0xFF000000}, PointerImage.decode(32, 2, 1, xor, new byte[0]));
    }

    @Test
    void sixteenFifteenAndEightBppXorMasksConvert() throws Exception {
        byte[] and = Images.bytes(0x00, 0x00);
        assertArrayEquals(new int[] {0xFFFF0000}, PointerImage.decode(16, 1, 1, Images.bytes(0x00, 0xF8), and));
        assertArrayEquals(new int[] {0xFF00FF00}, PointerImage.decode(15, 1, 1, Images.bytes(0xE0, 0x03), and));
        assertArrayEquals(new int[] {0xFF000000 | Pixels.systemPalette()[249]},
                PointerImage.decode(8, 1, 1, Images.bytes(249, 0x00), and));
    }

    @Test
    void shortMasksAndOddDepthsAreRefused() {
        assertRefused(24, 2, 2, new byte[7], null, "XOR mask has 7 bytes");
        assertRefused(24, 2, 2, new byte[12], new byte[3], "AND mask has 3 bytes");
        assertRefused(4, 2, 2, new byte[8], null, "unsupported XOR mask depth 4");
        assertRefused(24, 0, 2, new byte[8], null, "not positive");
        assertRefused(24, 2, 2, null, null, "XOR mask has 0 bytes");
    }

    private static void assertRefused(int bpp, int w, int h, byte[] xor, byte[] and, String words) {
        RdpProtocolException e = assertThrows(RdpProtocolException.class, () -> PointerImage.decode(bpp, w, h, xor, and));
        assertTrue(e.getMessage().startsWith("pointer: "), e.getMessage());
        assertTrue(e.getMessage().contains(words), e.getMessage());
    }
}
