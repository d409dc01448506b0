package io.gatehouse.proxy.desktop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gatehouse.shared.fuzz.Fuzz;
import io.gatehouse.shared.fuzz.Fuzz.Target;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The agent's desktop stream, cut into frames however it arrives; garbage ends in MalformedStream. */
class FrameSplitterFuzzTest {
    private static final int MAX = 1 << 16;

    private static byte[] stream(byte[]... frames) {
        ByteBuffer b = ByteBuffer.allocate(1 << 12);
        for (byte[] f : frames) {
            b.putInt(f.length).put(f);
        }
        return java.util.Arrays.copyOf(b.array(), b.position());
    }

    private static final byte[] VALID = stream(new byte[] {1, 4, 0, 3, 0}, new byte[] {2, 0, 0, 0, 0, 0, 8, 0, 8, 1,
            (byte) 0x89, 'P', 'N', 'G'}, new byte[] {6, '{', '}'});

    @Test
    void agentStreamsEndInFramesOrMalformedStream() {
        Fuzz.run(Target.of("desktop stream", bytes -> {
            FrameSplitter s = new FrameSplitter(MAX);
            // in pieces of varying size, as the channel delivers them
            for (int at = 0, step = 1; at < bytes.length; at += step, step = step * 3 % 17 + 1) {
                s.accept(bytes, at, Math.min(step, bytes.length - at));
            }
        }, List.of(VALID), FrameSplitter.MalformedStream.class), 3080, 2000, 5000, Duration.ofSeconds(30));
    }

    @Test
    void framesComeOutWholeWhateverTheChunking() throws Exception {
        Random rnd = new Random(7);
        for (int i = 0; i < 200; i++) {
            FrameSplitter s = new FrameSplitter(MAX);
            List<byte[]> out = new ArrayList<>();
            for (int at = 0; at < VALID.length;) {
                int n = Math.min(1 + rnd.nextInt(9), VALID.length - at);
                out.addAll(s.accept(VALID, at, n));
                at += n;
            }
            assertEquals(3, out.size());
            assertArrayEquals(new byte[] {6, '{', '}'}, out.get(2));
        }
    }

    @Test
    void aHugeLengthIsRefusedBeforeItsBytesArrive() {
        Fuzz.check(Target.of("desktop stream", b -> new FrameSplitter(MAX).accept(b, 0, b.length), List.of(),
                FrameSplitter.MalformedStream.class), 0, 0, new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x7F});
    }
}
