package io.gatehouse.agent.desktop;

import io.gatehouse.rdp.RdpClient;
import java.io.IOException;

/**
 * The browser's input frames, applied to the RDP session. Values are checked here (the browser is
 * not trusted to stay within the screen or the scancode range); a frame that is too short is
 * MalformedFrame, which ends the session with a protocol error.
 */
final class DesktopInput {
    private DesktopInput() {
    }

    /** What the session has to do about a frame besides forwarding it. */
    sealed interface Action {
    }

    record Forwarded() implements Action {
    }

    record Resize(int width, int height) implements Action {
    }

    record Clipboard(String text) implements Action {
    }

    record Ignored(int type) implements Action {
    }

    /** What input frames drive: the RDP session, or a recording fake in tests. */
    interface Target {
        int width();

        int height();

        void sendMouseMove(int x, int y) throws IOException;

        void sendMouseButton(int button, boolean down, int x, int y) throws IOException;

        void sendWheel(boolean horizontal, int delta, int x, int y) throws IOException;

        void sendScancode(int scancode, boolean extended, boolean down) throws IOException;

        void sendUnicode(int utf16CodeUnit, boolean down) throws IOException;
    }

    static Action apply(Frames.Incoming frame, RdpClient rdp) throws Frames.MalformedFrame, IOException {
        return apply(frame, new Target() {
            @Override
            public int width() {
                return rdp.width();
            }

            @Override
            public int height() {
                return rdp.height();
            }

            @Override
            public void sendMouseMove(int x, int y) throws IOException {
                rdp.sendMouseMove(x, y);
            }

            @Override
            public void sendMouseButton(int button, boolean down, int x, int y) throws IOException {
                rdp.sendMouseButton(button, down, x, y);
            }

            @Override
            public void sendWheel(boolean horizontal, int delta, int x, int y) throws IOException {
                rdp.sendWheel(horizontal, delta, x, y);
            }

            @Override
            public void sendScancode(int scancode, boolean extended, boolean down) throws IOException {
                rdp.sendScancode(scancode, extended, down);
            }

            @Override
            public void sendUnicode(int utf16CodeUnit, boolean down) throws IOException {
                rdp.sendUnicode(utf16CodeUnit, down);
            }
        });
    }

    static Action apply(Frames.Incoming frame, Target rdp) throws Frames.MalformedFrame, IOException {
        int w = rdp.width();
        int h = rdp.height();
        switch (frame.type()) {
            case Frames.MOUSE_MOVE -> rdp.sendMouseMove(clamp(frame.u16(), w), clamp(frame.u16(), h));
            case Frames.MOUSE_BUTTON -> {
                int button = frame.u8();
                boolean down = frame.u8() != 0;
                int x = clamp(frame.u16(), w);
                int y = clamp(frame.u16(), h);
                if (button <= 2) {
                    rdp.sendMouseButton(button, down, x, y);
                }
            }
            case Frames.WHEEL -> {
                boolean horizontal = frame.u8() == 1;
                int delta = Math.max(-255 * 120, Math.min(255 * 120, frame.i16()));
                rdp.sendWheel(horizontal, delta, clamp(frame.u16(), w), clamp(frame.u16(), h));
            }
            case Frames.KEY -> {
                boolean down = frame.u8() != 0;
                int code = frame.u16();
                boolean extended = (code >> 8) == 0xE0;
                int scancode = code & 0xFF;
                if (scancode <= 0x7F && ((code >> 8) == 0 || extended)) {
                    rdp.sendScancode(scancode, extended, down);
                }
            }
            case Frames.UNICODE -> {
                boolean down = frame.u8() != 0;
                rdp.sendUnicode(frame.u16(), down);
            }
            case Frames.RESIZE -> {
                return new Resize(frame.u16(), frame.u16());
            }
            case Frames.CLIPBOARD_IN -> {
                return new Clipboard(frame.rest());
            }
            default -> {
                return new Ignored(frame.type());
            }
        }
        return new Forwarded();
    }

    private static int clamp(int v, int size) {
        return Math.max(0, Math.min(size - 1, v));
    }

    /** The size to ask the desktop for: what the page has, within what RDP servers accept, even. */
    static int[] sizeFor(int width, int height) {
        int w = Math.max(640, Math.min(4096, width)) & ~1;
        int h = Math.max(480, Math.min(4096, height)) & ~1;
        return new int[] {w, h};
    }
}
