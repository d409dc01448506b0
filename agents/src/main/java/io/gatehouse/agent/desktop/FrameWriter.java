package io.gatehouse.agent.desktop;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Optional;

/**
 * Frames to the proxy, length-prefixed, from whichever thread has one (the tile sender, the RDP
 * reader for pointer updates, the session for errors): one at a time, each flushed at once.
 * Every server frame also goes to the session's recording, if any.
 */
final class FrameWriter {
    private final OutputStream out;
    private volatile Optional<DesktopRecorder> recorder = Optional.empty();
    private long bytes;
    private long frames;

    FrameWriter(OutputStream out) {
        this.out = out;
    }

    void recordTo(Optional<DesktopRecorder> recorder) {
        this.recorder = recorder;
    }

    synchronized void write(byte[] frame) throws IOException {
        out.write(new byte[] {(byte) (frame.length >>> 24), (byte) (frame.length >>> 16), (byte) (frame.length >>> 8),
            (byte) frame.length});
        out.write(frame);
        out.flush();
        bytes += frame.length + 4;
        frames++;
        recorder.ifPresent(r -> r.frame(frame));
    }

    /** For the last frame of a session: the proxy may be gone already, which is fine. */
    void tryWrite(byte[] frame) {
        try {
            write(frame);
        } catch (IOException | RuntimeException e) {
            // nobody left to tell
        }
    }

    synchronized long bytes() {
        return bytes;
    }

    synchronized long frames() {
        return frames;
    }
}
