package io.gatehouse.shared.desktop;

/**
 * What the page sends (docs/desktop-protocol.md, "Browser → server"): values as sent, which the
 * agent checks before they reach the desktop (the browser is not trusted to stay on the screen).
 */
public sealed interface InputFrame extends DesktopFrame {
    FrameType type();

    @Override
    default int typeCode() {
        return type().code();
    }

    static InputFrame read(FrameType type, FrameBody b) throws MalformedFrame {
        return switch (type) {
            case MOUSE_MOVE -> new MouseMove(b.u16(), b.u16());
            case MOUSE_BUTTON -> new MouseButton(b.u8(), b.u8() != 0, b.u16(), b.u16());
            case WHEEL -> new Wheel(b.u8(), b.i16(), b.u16(), b.u16());
            case KEY -> new Key(b.u8() != 0, b.u16());
            case UNICODE -> new Unicode(b.u8() != 0, b.u16());
            case RESIZE -> new Resize(b.u16(), b.u16());
            case BROWSER_CLIPBOARD -> new Clipboard(b.text());
            default -> throw new IllegalArgumentException(type + " is not an input frame");
        };
    }

    record MouseMove(int x, int y) implements InputFrame {
        @Override
        public FrameType type() {
            return FrameType.MOUSE_MOVE;
        }

        @Override
        public byte[] write() {
            return FrameBody.frame(type(), 4, new byte[0]).putShort((short) x).putShort((short) y).array();
        }
    }

    /** Button 0 left, 1 middle, 2 right (others are ignored by the agent). */
    record MouseButton(int button, boolean down, int x, int y) implements InputFrame {
        @Override
        public FrameType type() {
            return FrameType.MOUSE_BUTTON;
        }

        @Override
        public byte[] write() {
            return FrameBody.frame(type(), 6, new byte[0]).put((byte) button).put((byte) (down ? 1 : 0))
                    .putShort((short) x).putShort((short) y).array();
        }
    }

    /** Axis 0 vertical, 1 horizontal; delta in RDP wheel units (120 = one notch), positive away from the user. */
    record Wheel(int axis, int delta, int x, int y) implements InputFrame {
        public boolean horizontal() {
            return axis == 1;
        }

        @Override
        public FrameType type() {
            return FrameType.WHEEL;
        }

        @Override
        public byte[] write() {
            return FrameBody.frame(type(), 7, new byte[0]).put((byte) axis).putShort((short) delta)
                    .putShort((short) x).putShort((short) y).array();
        }
    }

    /** A PS/2 set-1 scancode; extended keys carry 0xE0 in the high byte (0xE048 = ArrowUp). */
    record Key(boolean down, int scancode) implements InputFrame {
        @Override
        public FrameType type() {
            return FrameType.KEY;
        }

        @Override
        public byte[] write() {
            return FrameBody.frame(type(), 3, new byte[0]).put((byte) (down ? 1 : 0)).putShort((short) scancode)
                    .array();
        }
    }

    /** One UTF-16 code unit with no scancode (IME, paste-as-typing). */
    record Unicode(boolean down, int codeUnit) implements InputFrame {
        @Override
        public FrameType type() {
            return FrameType.UNICODE;
        }

        @Override
        public byte[] write() {
            return FrameBody.frame(type(), 3, new byte[0]).put((byte) (down ? 1 : 0)).putShort((short) codeUnit)
                    .array();
        }
    }

    /** The page's size changed. */
    record Resize(int width, int height) implements InputFrame {
        @Override
        public FrameType type() {
            return FrameType.RESIZE;
        }

        @Override
        public byte[] write() {
            return FrameBody.frame(type(), 4, new byte[0]).putShort((short) width).putShort((short) height).array();
        }
    }

    /** The local clipboard's text, for the remote clipboard. */
    record Clipboard(String text) implements InputFrame {
        @Override
        public FrameType type() {
            return FrameType.BROWSER_CLIPBOARD;
        }

        @Override
        public byte[] write() {
            return FrameBody.text(type(), text);
        }
    }
}
