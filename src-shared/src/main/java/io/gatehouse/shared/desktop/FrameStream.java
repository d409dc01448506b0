package io.gatehouse.shared.desktop;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Frames on the proxy ⇄ agent SSH channel (docs/desktop-protocol.md, "Transport"): each preceded
 * by its length as an unsigned 32-bit big-endian integer. A length of 0 or above the reader's
 * limit is a broken or hostile stream, refused before anything is allocated for it.
 */
public final class FrameStream {
    /** No input frame needs more (a clipboard is at most 64 KiB from the page); the agent's limit. */
    public static final int MAX_INPUT_FRAME = 1 << 20;
    /** The proxy's limit on the agent's frames: a full-screen PNG tile is far below it. */
    public static final int MAX_SERVER_FRAME = 16 << 20;

    private FrameStream() {
    }

    /** The frame with its length in front, as the channel carries it. */
    public static byte[] prefixed(byte[] frame) {
        return ByteBuffer.allocate(4 + frame.length).putInt(frame.length).put(frame).array();
    }

    /** Writes one frame with its length (the caller flushes and keeps writes from interleaving). */
    public static void write(OutputStream out, byte[] frame) throws IOException {
        out.write(ByteBuffer.allocate(4).putInt(frame.length).array());
        out.write(frame);
    }

    /** The next frame (type byte first), or empty at the end of the stream; EOFException for a cut frame. */
    public static Optional<byte[]> read(DataInputStream in, int maxFrame) throws IOException, MalformedFrame {
        int length;
        try {
            length = in.readInt();
        } catch (EOFException e) {
            return Optional.empty();
        }
        checkLength(length, maxFrame);
        byte[] frame = new byte[length];
        in.readFully(frame);
        return Optional.of(frame);
    }

    private static void checkLength(int length, int maxFrame) throws MalformedFrame {
        if (length < 1 || length > maxFrame) {
            throw new MalformedFrame("a malformed desktop stream (frame length " + Integer.toUnsignedString(length)
                    + ", at most " + maxFrame + ")");
        }
    }

    /**
     * Cuts a stream that arrives in pieces of any size (an SSH channel's async reads) into frames.
     * Nothing is allocated for a length before its bytes have arrived.
     */
    public static final class Splitter {
        private final int maxFrame;
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

        public Splitter(int maxFrame) {
            this.maxFrame = maxFrame;
        }

        /** The frames completed by these bytes (without their length prefix); the rest waits for more. */
        public List<byte[]> accept(byte[] bytes, int offset, int length) throws MalformedFrame {
            pending.write(bytes, offset, length);
            byte[] all = pending.toByteArray();
            ByteBuffer b = ByteBuffer.wrap(all);
            List<byte[]> frames = new ArrayList<>();
            while (b.remaining() >= 4) {
                int frameLength = b.getInt(b.position());
                checkLength(frameLength, maxFrame);
                if (b.remaining() < 4 + frameLength) {
                    break;
                }
                byte[] frame = new byte[frameLength];
                b.position(b.position() + 4);
                b.get(frame);
                frames.add(frame);
            }
            pending.reset();
            pending.write(all, b.position(), b.remaining());
            return frames;
        }
    }
}
