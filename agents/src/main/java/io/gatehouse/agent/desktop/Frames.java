package io.gatehouse.agent.desktop;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The desktop protocol's frames (docs/desktop-protocol.md): building the ones the agent sends and
 * reading the length-prefixed stream the proxy sends. Pure, so that malformed input is tested
 * without a desktop.
 */
final class Frames {
    static final int SCREEN = 0x01;
    static final int TILE = 0x02;
    static final int POINTER_POSITION = 0x03;
    static final int POINTER_SHAPE = 0x04;
    static final int CLIPBOARD_OUT = 0x05;
    static final int ERROR = 0x06;
    static final int CLOSED = 0x07;
    static final int CONNECTED = 0x08;

    static final int MOUSE_MOVE = 0x11;
    static final int MOUSE_BUTTON = 0x12;
    static final int WHEEL = 0x13;
    static final int KEY = 0x14;
    static final int UNICODE = 0x15;
    static final int RESIZE = 0x16;
    static final int CLIPBOARD_IN = 0x17;
    static final int OPEN = 0x20;

    static final int ENCODING_PNG = 1;
    static final int ENCODING_ZLIB_RGBA = 2;

    /** No input frame needs more; a larger length is a broken or hostile stream, not a big paste. */
    static final int MAX_FRAME = 1 << 20;

    private Frames() {
    }

    /** A frame the proxy sent: its type and its fields (without the type byte). */
    record Incoming(int type, ByteBuffer body) {
        int u8() throws MalformedFrame {
            need(1);
            return body.get() & 0xFF;
        }

        int u16() throws MalformedFrame {
            need(2);
            return body.getShort() & 0xFFFF;
        }

        int i16() throws MalformedFrame {
            need(2);
            return body.getShort();
        }

        String rest() {
            byte[] b = new byte[body.remaining()];
            body.get(b);
            return new String(b, StandardCharsets.UTF_8);
        }

        private void need(int n) throws MalformedFrame {
            if (body.remaining() < n) {
                throw new MalformedFrame("frame of type 0x" + Integer.toHexString(type) + " is too short");
            }
        }
    }

    static final class MalformedFrame extends Exception {
        MalformedFrame(String message) {
            super(message, null, false, false);
        }
    }

    /** The next frame, or null at the end of the stream. */
    static Incoming read(DataInputStream in) throws IOException, MalformedFrame {
        int length;
        try {
            length = in.readInt();
        } catch (EOFException e) {
            return null;
        }
        if (length < 1 || length > MAX_FRAME) {
            throw new MalformedFrame("frame length " + Integer.toUnsignedString(length) + " is out of range (1.."
                    + MAX_FRAME + ")");
        }
        byte[] frame = new byte[length];
        in.readFully(frame);
        return new Incoming(frame[0] & 0xFF, ByteBuffer.wrap(frame, 1, length - 1).slice());
    }

    static byte[] screen(int width, int height) {
        return ByteBuffer.allocate(5).put((byte) SCREEN).putShort((short) width).putShort((short) height).array();
    }

    static byte[] tile(int x, int y, int w, int h, int encoding, byte[] data, int length) {
        return ByteBuffer.allocate(10 + length).put((byte) TILE).putShort((short) x).putShort((short) y)
                .putShort((short) w).putShort((short) h).put((byte) encoding).put(data, 0, length).array();
    }

    static byte[] pointerPosition(int x, int y) {
        return ByteBuffer.allocate(5).put((byte) POINTER_POSITION).putShort((short) x).putShort((short) y).array();
    }

    /** kind 0 hidden, 1 default. */
    static byte[] pointerSystem(int kind) {
        return new byte[] {(byte) POINTER_SHAPE, (byte) kind};
    }

    static byte[] pointerImage(int hotX, int hotY, byte[] png) {
        return ByteBuffer.allocate(6 + png.length).put((byte) POINTER_SHAPE).put((byte) 2).putShort((short) hotX)
                .putShort((short) hotY).put(png).array();
    }

    static byte[] text(int type, String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(1 + utf8.length).put((byte) type).put(utf8).array();
    }
}
