package io.gatehouse.agent.desktop;

import io.gatehouse.shared.fuzz.Fuzz;
import io.gatehouse.shared.fuzz.Fuzz.Target;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The browser's desktop input reaches the agent through the proxy: whatever the bytes, reading and
 * applying them ends in MalformedFrame or the end of the stream (EOFException for a cut frame), and
 * what reaches the RDP session stays within the screen.
 */
class DesktopFramesFuzzTest {
    private static final Duration LIMIT = Duration.ofSeconds(30);

    /** Stands in for the RDP session: refuses any event outside the 1024x768 screen. */
    private static final DesktopInput.Target SCREEN = new DesktopInput.Target() {
        @Override
        public int width() {
            return 1024;
        }

        @Override
        public int height() {
            return 768;
        }

        @Override
        public void sendMouseMove(int x, int y) {
            within(x, y);
        }

        @Override
        public void sendMouseButton(int button, boolean down, int x, int y) {
            within(x, y);
            if (button < 0 || button > 2) {
                throw new AssertionError("button " + button + " reached the desktop");
            }
        }

        @Override
        public void sendWheel(boolean horizontal, int delta, int x, int y) {
            within(x, y);
        }

        @Override
        public void sendScancode(int scancode, boolean extended, boolean down) {
            if (scancode < 0 || scancode > 0x7F) {
                throw new AssertionError("scancode " + scancode + " reached the desktop");
            }
        }

        @Override
        public void sendUnicode(int utf16CodeUnit, boolean down) {
        }

        private void within(int x, int y) {
            if (x < 0 || x >= 1024 || y < 0 || y >= 768) {
                throw new AssertionError("(" + x + ", " + y + ") is off the screen");
            }
        }
    };

    private static byte[] stream(byte[]... frames) {
        ByteBuffer b = ByteBuffer.allocate(1 << 12);
        for (byte[] f : frames) {
            b.putInt(f.length).put(f);
        }
        return java.util.Arrays.copyOf(b.array(), b.position());
    }

    private static void pump(byte[] bytes) throws IOException, Frames.MalformedFrame {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        for (Frames.Incoming f; (f = Frames.read(in)) != null;) {
            DesktopInput.apply(f, SCREEN);
        }
    }

    @Test
    void inputFrameStreamsEndInMalformedFrameOrTheirEnd() {
        byte[] valid = stream(new byte[] {Frames.MOUSE_MOVE, 0, 10, 0, 20},
                new byte[] {Frames.MOUSE_BUTTON, 0, 1, 0x7F, (byte) 0xFF, 0x7F, (byte) 0xFF},
                new byte[] {Frames.WHEEL, 1, (byte) 0x80, 0, 0, 5, 0, 6}, new byte[] {Frames.KEY, 1, (byte) 0xE0, 0x48},
                new byte[] {Frames.UNICODE, 1, 0, 65}, new byte[] {Frames.RESIZE, 7, (byte) 0x80, 4, 0},
                Frames.text(Frames.CLIPBOARD_IN, "héllo"), new byte[] {0x7E});
        Fuzz.run(Target.of("desktop input stream", DesktopFramesFuzzTest::pump, List.of(valid),
                Frames.MalformedFrame.class, IOException.class), 3389, 2000, 5000, LIMIT);
    }

    @Test
    void openFramesEndInTheRequestOrMalformedFrame() {
        Fuzz.run(Target.of("OPEN frame", body -> OpenRequest.parse(new Frames.Incoming(Frames.OPEN,
                ByteBuffer.wrap(body))), List.of("{\"desktop\":\"win\",\"login\":\"dev\",\"width\":1280,\"height\":720}"
                        .getBytes(StandardCharsets.UTF_8)), Frames.MalformedFrame.class), 2020, 1000, 3000, LIMIT);
    }

    @Test
    void anEmptyOrNonObjectOpenIsMalformed() {
        for (String body : List.of("", "null", "[1]", "\"x\"", "7")) {
            Fuzz.check(Target.of("OPEN frame", b -> OpenRequest.parse(new Frames.Incoming(Frames.OPEN,
                    ByteBuffer.wrap(b))), List.of(), Frames.MalformedFrame.class), 0, 0,
                    body.getBytes(StandardCharsets.UTF_8));
        }
    }
}
