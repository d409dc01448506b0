package io.gatehouse.proxy.desktop;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts the agent's desktop stream (4-byte big-endian length, then the frame) into frames, however
 * the bytes arrive. Pure, so that a hostile or broken stream is tested without a channel: a length
 * of 0 or above the limit is MalformedStream, the one error it lets out, and nothing is allocated
 * for a length before its bytes have arrived.
 */
final class FrameSplitter {
    private final int maxFrame;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    FrameSplitter(int maxFrame) {
        this.maxFrame = maxFrame;
    }

    static final class MalformedStream extends Exception {
        MalformedStream(String message) {
            super(message, null, false, false);
        }
    }

    /** The frames completed by these bytes (without their length prefix); the rest waits for more. */
    List<byte[]> accept(byte[] bytes, int offset, int length) throws MalformedStream {
        pending.write(bytes, offset, length);
        byte[] all = pending.toByteArray();
        ByteBuffer b = ByteBuffer.wrap(all);
        List<byte[]> frames = new ArrayList<>();
        while (b.remaining() >= 4) {
            int frameLength = b.getInt(b.position());
            if (frameLength < 1 || frameLength > maxFrame) {
                throw new MalformedStream("the agent sent a malformed desktop stream (frame length "
                        + Integer.toUnsignedString(frameLength) + ", at most " + maxFrame + ")");
            }
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
