package io.gatehouse.agent.desktop;

import io.gatehouse.rdp.RdpClient;
import io.gatehouse.shared.desktop.DesktopFrame;
import io.gatehouse.shared.desktop.InputFrame;
import java.io.IOException;

/**
 * The browser's input frames, applied to the RDP session. Values are checked here (the browser is
 * not trusted to stay within the screen or the scancode range). A frame too short for its type
 * never gets here: parsing it (DesktopFrame.parse) is MalformedFrame, which ends the session.
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

    static Action apply(DesktopFrame frame, RdpClient rdp) throws IOException {
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

    static Action apply(DesktopFrame frame, Target rdp) throws IOException {
        int w = rdp.width();
        int h = rdp.height();
        switch (frame) {
            case InputFrame.MouseMove m -> rdp.sendMouseMove(clamp(m.x(), w), clamp(m.y(), h));
            case InputFrame.MouseButton b -> {
                if (b.button() <= 2) {
                    rdp.sendMouseButton(b.button(), b.down(), clamp(b.x(), w), clamp(b.y(), h));
                }
            }
            case InputFrame.Wheel wheel -> rdp.sendWheel(wheel.horizontal(), Math.max(-255 * 120, Math.min(255 * 120,
                    wheel.delta())), clamp(wheel.x(), w), clamp(wheel.y(), h));
            case InputFrame.Key k -> {
                boolean extended = (k.scancode() >> 8) == 0xE0;
                int scancode = k.scancode() & 0xFF;
                if (scancode <= 0x7F && ((k.scancode() >> 8) == 0 || extended)) {
                    rdp.sendScancode(scancode, extended, k.down());
                }
            }
            case InputFrame.Unicode u -> rdp.sendUnicode(u.codeUnit(), u.down());
            case InputFrame.Resize r -> {
                return new Resize(r.width(), r.height());
            }
            case InputFrame.Clipboard c -> {
                return new Clipboard(c.text());
            }
            // The proxy's OPEN again, a server frame, a type a later version added: none is input.
            default -> {
                return new Ignored(frame.typeCode());
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
