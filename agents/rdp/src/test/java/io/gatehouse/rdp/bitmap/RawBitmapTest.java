package io.gatehouse.rdp.bitmap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.rdp.RdpProtocolException;
import org.junit.jupiter.api.Test;

class RawBitmapTest {
    @Test
    void thirtyTwoBppIsBgrxBottomUpWithXIgnored() throws Exception {
        byte[] s = Images.bytes(
                0x03, 0x02, 0x01, 0x77, 0x06, 0x05, 0x04, 0x00,   // bottom row
                0x09, 0x08, 0x07, 0xFF, 0x0C, 0x0B, 0x0A, 0x12);  // top row
        assertArrayEquals(new int[] {0xFF070809, 0xFF0A0B0C, 0xFF010203, 0xFF040506},
                RawBitmap.decode(s, 0, s.length, 2, 2, 32));
    }

    @Test
    void twentyFourBppRowsArePaddedToFourBytes() throws Exception {
        // One pixel per row: 3 bytes + 1 pad.
        byte[] s = Images.bytes(0x33, 0x22, 0x11, 0xEE, 0x66, 0x55, 0x44, 0xEE);
        assertArrayEquals(new int[] {0xFF445566, 0xFF112233}, RawBitmap.decode(s, 0, s.length, 1, 2, 24));
        // Unpadded rows are accepted too (the stride comes from the length).
        byte[] tight = Images.bytes(0x33, 0x22, 0x11, 0x66, 0x55, 0x44);
        assertArrayEquals(new int[] {0xFF445566, 0xFF112233}, RawBitmap.decode(tight, 0, tight.length, 1, 2, 24));
    }

    @Test
    void fifteenAndSixteenBppExpandWithBitReplication() throws Exception {
        byte[] s15 = Images.bytes(0x00, 0x7C, 0x21, 0x04);
        assertArrayEquals(new int[] {0xFFFF0000, 0xFF080808}, RawBitmap.decode(s15, 0, 4, 2, 1, 15));
        byte[] s16 = Images.bytes(0xE0, 0x07, 0xFF, 0xFF);
        assertArrayEquals(new int[] {0xFF00FF00, 0xFFFFFFFF}, RawBitmap.decode(s16, 0, 4, 2, 1, 16));
    }

    @Test
    void eightBppUsesThePalette() throws Exception {
        int[] palette = new int[256];
        palette[5] = 0x0A0B0C;
        byte[] s = Images.bytes(0x05, 0, 0, 0);
        assertArrayEquals(new int[] {0xFF0A0B0C}, RawBitmap.decode(s, 0, 4, 1, 1, 8, palette));
    }

    @Test
    void wrongLengthsAndDepthsAreRefused() {
        assertRefused(new byte[7], 1, 2, 32, "do not hold");
        assertRefused(new byte[16], 1, 2, 24, "do not hold");
        assertRefused(new byte[4], 1, 1, 12, "unsupported colour depth");
        RdpProtocolException e = assertThrows(RdpProtocolException.class,
                () -> RawBitmap.decode(new byte[4], 2, 4, 1, 1, 32));
        assertTrue(e.getMessage().contains("outside"), e.getMessage());
    }

    private static void assertRefused(byte[] s, int w, int h, int bpp, String words) {
        RdpProtocolException e = assertThrows(RdpProtocolException.class, () -> RawBitmap.decode(s, 0, s.length, w, h, bpp));
        assertTrue(e.getMessage().startsWith("raw bitmap: "), e.getMessage());
        assertTrue(e.getMessage().contains(words), e.getMessage());
    }
}
