package io.gatehouse.shared.desktop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.shared.fuzz.Fuzz;
import io.gatehouse.shared.fuzz.Fuzz.Target;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The length-prefixed channel between proxy and agent, read whole (agent) and in pieces (proxy). */
class FrameStreamTest {
    private static final int MAX = 1 << 16;

    private static byte[] stream(DesktopFrame... frames) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (DesktopFrame f : frames) {
            FrameStream.write(out, f.write());
        }
        return out.toByteArray();
    }

    private static final DesktopFrame[] SOME = {new ServerFrame.Screen(1024, 768), new ServerFrame.Tile(0, 0, 8, 8,
        ServerFrame.ENCODING_PNG, new byte[] {(byte) 0x89, 'P', 'N', 'G'}), new ServerFrame.Error("offline", "gone")};

    @Test
    void readsFramesInOrderThenTheEnd() throws Exception {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(stream(new InputFrame.MouseMove(10, 20),
                new InputFrame.Key(true, 0xE048))));
        assertEquals(new InputFrame.MouseMove(10, 20), DesktopFrame.parse(FrameStream.read(in, MAX).orElseThrow()));
        assertEquals(new InputFrame.Key(true, 0xE048), DesktopFrame.parse(FrameStream.read(in, MAX).orElseThrow()));
        assertTrue(FrameStream.read(in, MAX).isEmpty());
    }

    @Test
    void prefixedIsWhatWriteWrites() throws Exception {
        byte[] frame = new InputFrame.Resize(800, 600).write();
        assertArrayEquals(stream(new InputFrame.Resize(800, 600)), FrameStream.prefixed(frame));
    }

    @Test
    void absurdLengthsAreRefusedBeforeAllocating() {
        for (int length : new int[] {0, -1, MAX + 1, Integer.MAX_VALUE}) {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(ByteBuffer.allocate(4).putInt(length)
                    .array()));
            assertThrows(MalformedFrame.class, () -> FrameStream.read(in, MAX), "length " + length);
        }
    }

    @Test
    void aTruncatedStreamEndsInEofNotGarbage() {
        byte[] cut = ByteBuffer.allocate(6).putInt(10).put((byte) 0x11).put((byte) 0).array();
        assertThrows(EOFException.class, () -> FrameStream.read(new DataInputStream(new ByteArrayInputStream(cut)),
                MAX));
    }

    @Test
    void framesComeOutWholeWhateverTheChunking() throws Exception {
        byte[] valid = stream(SOME);
        Random rnd = new Random(7);
        for (int i = 0; i < 200; i++) {
            FrameStream.Splitter s = new FrameStream.Splitter(MAX);
            List<byte[]> out = new ArrayList<>();
            for (int at = 0; at < valid.length;) {
                int n = Math.min(1 + rnd.nextInt(9), valid.length - at);
                out.addAll(s.accept(valid, at, n));
                at += n;
            }
            assertEquals(3, out.size());
            assertArrayEquals(SOME[2].write(), out.get(2));
        }
    }

    @Test
    void aHugeLengthIsRefusedBeforeItsBytesArrive() {
        Fuzz.check(Target.of("desktop stream", b -> new FrameStream.Splitter(MAX).accept(b, 0, b.length), List.of(),
                MalformedFrame.class), 0, 0, new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x7F});
    }

    @Test
    void agentStreamsCutInPiecesEndInFramesOrMalformedFrame() throws Exception {
        Fuzz.run(Target.of("desktop stream", bytes -> {
            FrameStream.Splitter s = new FrameStream.Splitter(MAX);
            // in pieces of varying size, as the channel delivers them
            for (int at = 0, step = 1; at < bytes.length; at += step, step = step * 3 % 17 + 1) {
                for (byte[] f : s.accept(bytes, at, Math.min(step, bytes.length - at))) {
                    DesktopFrame.parse(f);
                }
            }
        }, List.of(stream(SOME)), MalformedFrame.class), 3080, 2000, 5000, Duration.ofSeconds(30));
    }

    @Test
    void inputStreamsReadWholeEndInFramesMalformedFrameOrTheirEnd() throws Exception {
        byte[] valid = stream(DesktopFrameTest.EVERY_FRAME.toArray(DesktopFrame[]::new));
        Fuzz.run(Target.of("desktop input stream", bytes -> {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
            for (var f = FrameStream.read(in, MAX); f.isPresent(); f = FrameStream.read(in, MAX)) {
                DesktopFrame.parse(f.get());
            }
        }, List.of(valid), MalformedFrame.class, IOException.class), 3389, 2000, 5000, Duration.ofSeconds(30));
    }
}
