package io.gatehouse.agent.desktop;

import io.gatehouse.shared.desktop.DesktopFrame;
import io.gatehouse.shared.desktop.FrameStream;
import io.gatehouse.shared.desktop.InputFrame;
import io.gatehouse.shared.desktop.MalformedFrame;
import io.gatehouse.shared.desktop.Open;
import io.gatehouse.shared.fuzz.Fuzz;
import io.gatehouse.shared.fuzz.Fuzz.Target;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
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

    private static byte[] stream(DesktopFrame... frames) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (DesktopFrame f : frames) {
            FrameStream.write(out, f.write());
        }
        return out.toByteArray();
    }

    private static void pump(byte[] bytes) throws IOException, MalformedFrame {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        for (var f = FrameStream.read(in, FrameStream.MAX_INPUT_FRAME); f.isPresent();
                f = FrameStream.read(in, FrameStream.MAX_INPUT_FRAME)) {
            DesktopInput.apply(DesktopFrame.parse(f.get()), SCREEN);
        }
    }

    @Test
    void inputFrameStreamsEndInMalformedFrameOrTheirEnd() throws IOException {
        byte[] valid = stream(new InputFrame.MouseMove(10, 20), new InputFrame.MouseButton(0, true, 0x7FFF, 0x7FFF),
                new InputFrame.Wheel(1, -32768, 5, 6), new InputFrame.Key(true, 0xE048), new InputFrame.Unicode(true,
                        65), new InputFrame.Resize(1920, 1024), new InputFrame.Clipboard("héllo"),
                new DesktopFrame.Unknown(0x7E, new byte[0]));
        Fuzz.run(Target.of("desktop input stream", DesktopFramesFuzzTest::pump, List.of(valid), MalformedFrame.class,
                IOException.class), 3389, 2000, 5000, LIMIT);
    }

    @Test
    void openFramesEndInTheRequestOrMalformedFrame() {
        Fuzz.run(Target.of("OPEN frame", Open::parse, List.of(new Open("win", "dev", 1280, 720).write()),
                MalformedFrame.class), 2020, 1000, 3000, LIMIT);
    }
}
