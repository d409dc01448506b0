package io.gatehouse.rdp.input;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class FastPathInputTest {
    @Test
    void aKeyReleaseOfAnExtendedKeyCarriesBothFlags() {
        assertArrayEquals(new byte[] {0x04, 0x04, 0x03, 0x48}, FastPathInput.pdu(FastPathInput.scancode(0x48, true, false)));
        assertArrayEquals(new byte[] {0x04, 0x04, 0x00, 0x1C}, FastPathInput.pdu(FastPathInput.scancode(0x1C, false, true)));
    }

    @Test
    void mouseButtonsMapToRdpButtonFlags() {
        byte[] left = FastPathInput.mouseButton(0, true, 0x102, 0x304).bytes();
        assertArrayEquals(new byte[] {0x20, 0x00, (byte) 0x90, 0x02, 0x01, 0x04, 0x03}, left);
        assertEquals(0x40, FastPathInput.mouseButton(1, false, 0, 0).bytes()[2]); // middle = BUTTON3
        assertEquals(0x20, FastPathInput.mouseButton(2, false, 0, 0).bytes()[2]); // right = BUTTON2
    }

    @Test
    void aNegativeWheelDeltaIsNineBitTwosComplement() {
        byte[] down = FastPathInput.wheel(false, -120, 0, 0).bytes();
        assertEquals(0x88, down[1] & 0xFF);
        assertEquals(0x03, down[2]); // WHEEL | NEGATIVE
        byte[] right = FastPathInput.wheel(true, 120, 0, 0).bytes();
        assertEquals(0x78, right[1]);
        assertEquals(0x04, right[2]); // HWHEEL
    }

    @Test
    void fifteenEventsFitOneHeaderWithAOneByteLength() {
        FastPathInput.Event[] events = new FastPathInput.Event[15];
        java.util.Arrays.fill(events, FastPathInput.mouseMove(1, 1));
        byte[] pdu = FastPathInput.pdu(events);
        assertEquals(15 << 2, pdu[0] & 0xFF);
        assertEquals(15 * 7 + 2, pdu.length);
        assertEquals(pdu.length, pdu[1]);
        assertThrows(IllegalArgumentException.class, () -> FastPathInput.pdu(new FastPathInput.Event[16]));
    }

    @Test
    void outOfRangeInputIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> FastPathInput.scancode(0x80, false, true));
        assertThrows(IllegalArgumentException.class, () -> FastPathInput.mouseButton(3, true, 0, 0));
    }
}
