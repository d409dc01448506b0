package io.gatehouse.agent.desktop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FramesTest {
    private static DataInputStream stream(byte[]... frames) {
        ByteBuffer b = ByteBuffer.allocate(1 << 16);
        for (byte[] f : frames) {
            b.putInt(f.length).put(f);
        }
        return new DataInputStream(new ByteArrayInputStream(b.array(), 0, b.position()));
    }

    @Test
    void readsFramesInOrderThenTheEnd() throws Exception {
        DataInputStream in = stream(new byte[] {0x11, 0, 10, 0, 20}, new byte[] {0x14, 1, (byte) 0xE0, 0x48});
        Frames.Incoming move = Frames.read(in);
        assertEquals(Frames.MOUSE_MOVE, move.type());
        assertEquals(10, move.u16());
        assertEquals(20, move.u16());
        Frames.Incoming key = Frames.read(in);
        assertEquals(Frames.KEY, key.type());
        assertEquals(1, key.u8());
        assertEquals(0xE048, key.u16());
        assertNull(Frames.read(in));
    }

    @Test
    void aShortFrameIsMalformedNotAnIndexError() throws Exception {
        Frames.Incoming move = Frames.read(stream(new byte[] {0x11, 0, 10}));
        move.u16();
        Frames.MalformedFrame e = assertThrows(Frames.MalformedFrame.class, move::u16);
        assertTrue(e.getMessage().contains("0x11"), e.getMessage());
    }

    @Test
    void absurdLengthsAreRefusedBeforeAllocating() {
        for (int length : new int[] {0, -1, Frames.MAX_FRAME + 1, Integer.MAX_VALUE}) {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(ByteBuffer.allocate(4).putInt(length)
                    .array()));
            assertThrows(Frames.MalformedFrame.class, () -> Frames.read(in), "length " + length);
        }
    }

    @Test
    void aTruncatedStreamEndsInEofNotGarbage() {
        byte[] cut = ByteBuffer.allocate(6).putInt(10).put((byte) 0x11).put((byte) 0).array();
        assertThrows(EOFException.class, () -> Frames.read(new DataInputStream(new ByteArrayInputStream(cut))));
    }

    @Test
    void randomStreamsOnlyEverGiveFramesOrClearErrors() {
        Random random = new Random(42);
        for (int i = 0; i < 5000; i++) {
            byte[] junk = new byte[random.nextInt(40)];
            random.nextBytes(junk);
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(junk));
            try {
                for (Frames.Incoming f; (f = Frames.read(in)) != null;) {
                    f.u8();
                    f.u16();
                    f.i16();
                    f.rest();
                }
            } catch (Frames.MalformedFrame | IOException expected) {
                // a clear refusal
            }
        }
    }

    @Test
    void serverFramesHaveTheDocumentedLayout() {
        assertEquals("01 04 00 03 00", hex(Frames.screen(1024, 768)));
        assertEquals("03 00 05 00 07", hex(Frames.pointerPosition(5, 7)));
        assertEquals("04 00", hex(Frames.pointerSystem(0)));
        byte[] tile = Frames.tile(64, 128, 2, 1, Frames.ENCODING_PNG, new byte[] {9, 8}, 2);
        assertEquals("02 00 40 00 80 00 02 00 01 01 09 08", hex(tile));
    }

    private static String hex(byte[] b) {
        StringBuilder s = new StringBuilder();
        for (byte x : b) {
            s.append(s.isEmpty() ? "" : " ").append(String.format("%02x", x & 0xFF));
        }
        return s.toString();
    }
}
