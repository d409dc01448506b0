package io.gatehouse.rdp.output;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.rdp.RdpProtocolException;
import io.gatehouse.rdp.RecordingListener;
import io.gatehouse.rdp.ServerPdus;
import io.gatehouse.rdp.wire.ByteReader;
import io.gatehouse.rdp.wire.ByteWriter;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutputPdusTest {
    private final RecordingListener listener = new RecordingListener();
    private final ScreenUpdates screen = new ScreenUpdates(listener, BitmapDecoder.STANDARD);

    @Test
    void aRawSlowPathBitmapIsDecodedAndCroppedToItsDestination() throws Exception {
        // 4x2 bitmap at 32 bpp (B, G, R, X), bottom row first; only 3x2 of it is visible.
        byte[] pixels = new byte[4 * 2 * 4];
        for (int i = 0; i < 8; i++) {
            pixels[i * 4] = (byte) (i < 4 ? 0x22 : 0x11); // blue: bottom row 0x22, top row 0x11
        }
        screen.slowPathUpdate(new ByteReader(ServerPdus.rawBitmapUpdate(10, 20, 3, 2, 4, 2, 32, pixels), "update"));
        assertEquals(List.of("bitmap 10,20 3x2"), listener.events);
        assertArrayEquals(new int[] {0xFF000011, 0xFF000011, 0xFF000011, 0xFF000022, 0xFF000022, 0xFF000022},
                listener.lastBitmap);
    }

    @Test
    void aCompressedBitmapWithItsHeaderHandsOnlyTheBodyToTheDecoder() throws Exception {
        int[][] seen = new int[1][];
        ScreenUpdates s = new ScreenUpdates(listener, rect -> {
            seen[0] = new int[] {rect.length(), rect.array()[rect.offset()], rect.bpp(), rect.compressed() ? 1 : 0};
            return new int[rect.width() * rect.height()];
        });
        ByteWriter w = new ByteWriter().u16le(1).u16le(1).u16le(0).u16le(0).u16le(63).u16le(63).u16le(64).u16le(64)
                .u16le(16).u16le(0x0001).u16le(8 + 3);
        w.u16le(0).u16le(3).u16le(128).u16le(8192).u8(0x7A).u8(0).u8(0);
        s.slowPathUpdate(new ByteReader(w.toByteArray(), "update"));
        assertArrayEquals(new int[] {3, 0x7A, 16, 1}, seen[0]);
    }

    @Test
    void aBitmapLengthPastTheEndIsAProtocolError() {
        byte[] update = ServerPdus.rawBitmapUpdate(0, 0, 2, 2, 2, 2, 16, new byte[8]);
        byte[] cut = Arrays.copyOf(update, update.length - 1);
        assertThrows(RdpProtocolException.class, () -> screen.slowPathUpdate(new ByteReader(cut, "update")));
    }

    @Test
    void fragmentedFastPathUpdatesAreReassembled() throws Exception {
        byte[] update = ServerPdus.rawBitmapUpdate(0, 0, 8, 8, 8, 8, 32, new byte[8 * 8 * 4]);
        byte[] a = Arrays.copyOfRange(update, 0, 100);
        byte[] b = Arrays.copyOfRange(update, 100, 200);
        byte[] c = Arrays.copyOfRange(update, 200, update.length);
        FastPathOutput fp = new FastPathOutput(1 << 20);
        assertEquals(List.of(), fp.parse(0, ServerPdus.fastPathUpdate(1, 2, a)));
        assertEquals(List.of(), fp.parse(0, ServerPdus.fastPathUpdate(1, 3, b)));
        List<FastPathOutput.Update> done = fp.parse(0, concat(ServerPdus.fastPathUpdate(1, 1, c),
                ServerPdus.fastPathUpdate(8, 0, new byte[] {5, 0, 6, 0})));
        assertEquals(2, done.size());
        assertArrayEquals(update, done.get(0).data());
        for (FastPathOutput.Update u : done) {
            screen.fastPath(u);
        }
        assertEquals(List.of("bitmap 0,0 8x8", "pointer at 5,6"), listener.events);
    }

    @Test
    void aFragmentWithoutItsFirstOrBeyondTheLimitIsRefused() {
        FastPathOutput fp = new FastPathOutput(100);
        assertThrows(RdpProtocolException.class, () -> fp.parse(0, ServerPdus.fastPathUpdate(1, 1, new byte[4])));
        assertThrows(RdpProtocolException.class, () -> {
            fp.parse(0, ServerPdus.fastPathUpdate(1, 2, new byte[60]));
            fp.parse(0, ServerPdus.fastPathUpdate(1, 3, new byte[60]));
        });
    }

    @Test
    void pointerUpdatesReachTheListenerAndTheCacheServesCachedPointers() throws Exception {
        screen.fastPath(new FastPathOutput.Update(0x9, ServerPdus.colorPointer(3, 4, 4, 0x00FF00)));
        screen.fastPath(new FastPathOutput.Update(0x5, new byte[0]));
        screen.fastPath(new FastPathOutput.Update(0xA, new byte[] {3, 0}));
        screen.slowPathPointer(new ByteReader(new byte[] {1, 0, 0, 0, 0, 0x7F, 0, 0}, "ptr"));
        screen.slowPathPointer(new ByteReader(new byte[] {3, 0, 0, 0, 10, 0, 20, 0}, "ptr"));
        assertEquals(List.of("pointer 4x4 hot 1,2", "pointer hidden", "pointer 4x4 hot 1,2", "pointer default",
                "pointer at 10,20"), listener.events);
        assertEquals(0xFF00FF00, listener.lastPointer[0]);
        assertThrows(RdpProtocolException.class, () -> screen.fastPath(new FastPathOutput.Update(0xA, new byte[] {9, 0})));
    }

    @Test
    void errorInfoCodesReadAsSentences() {
        assertTrue(ErrorInfo.message(0xC).contains("logged off"));
        assertTrue(ErrorInfo.message(0x10D0).contains("protocol error"));
        assertTrue(ErrorInfo.message(0x9999).contains("0x9999"));
        assertTrue(ErrorInfo.isNormalEnd(0x1) && ErrorInfo.isLogonFailure(0x7));
    }

    @Test
    void saveSessionInfoTellsALogonFromALogonError() throws Exception {
        assertTrue(SessionInfo.parse(new ByteReader(new byte[] {2, 0, 0, 0}, "ssi")).isLogon());
        byte[] error = new ByteWriter().u32le(3).u16le(18).u32le(2).u32le(8).u32le(0xFFFFFFFEL).u32le(0).toByteArray();
        SessionInfo info = SessionInfo.parse(new ByteReader(error, "ssi"));
        assertTrue(info.isLogonFailure());
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
