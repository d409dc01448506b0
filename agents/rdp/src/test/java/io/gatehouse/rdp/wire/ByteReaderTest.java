package io.gatehouse.rdp.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.rdp.RdpProtocolException;
import org.junit.jupiter.api.Test;

class ByteReaderTest {
    @Test
    void readsLittleAndBigEndianFields() throws Exception {
        ByteReader r = new ByteReader(new byte[] {1, 2, 3, 4, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF}, "t");
        assertEquals(0x0201, r.u16le("a"));
        assertEquals(0x0304, r.u16be("b"));
        assertEquals(0xFFFFFFFFL, r.u32le("c"));
        assertEquals(0, r.remaining());
    }

    @Test
    void readingPastTheEndNamesThePduAndTheField() {
        ByteReader r = new ByteReader(new byte[] {1, 2, 3}, "Demand Active");
        RdpProtocolException e = assertThrows(RdpProtocolException.class, () -> r.u32le("shareId"));
        assertTrue(e.getMessage().contains("Demand Active") && e.getMessage().contains("shareId"), e.getMessage());
    }

    @Test
    void aSliceCannotReadPastItsOwnEnd() throws Exception {
        ByteReader r = new ByteReader(new byte[] {1, 2, 3, 4, 5}, "t");
        ByteReader s = r.slice(2, "inner");
        assertEquals(3, r.u8("after"));
        s.u16le("x");
        assertThrows(RdpProtocolException.class, () -> s.u8("y"));
    }

    @Test
    void aNegativeOrHugeLengthIsAProtocolError() {
        ByteReader r = new ByteReader(new byte[4], "t");
        assertThrows(RdpProtocolException.class, () -> r.bytes(-1, "n"));
        assertThrows(RdpProtocolException.class, () -> r.skip(Integer.MAX_VALUE, "n"));
    }

    @Test
    void perAndBerLengthsRoundTrip() throws Exception {
        for (int len : new int[] {0, 1, 0x7F, 0x80, 0x1234, 0x3FFF}) {
            ByteWriter w = new ByteWriter();
            Per.writeLength(w, len);
            Ber.writeLength(w, len);
            ByteReader r = new ByteReader(w.toByteArray(), "t");
            assertEquals(len, Per.readLength(r, "per"));
            assertEquals(len, Ber.readLength(r, "ber"));
        }
    }
}
