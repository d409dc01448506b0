package io.gatehouse.agent.desktop;

import io.gatehouse.shared.desktop.FrameStream;
import io.gatehouse.shared.desktop.ServerFrame;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Optional;

/**
 * Frames to the proxy, length-prefixed (FrameStream), from whichever thread has one (the tile sender, the RDP
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

    void write(ServerFrame frame) throws IOException {
        write(frame.write());
    }

    /** A frame already written to bytes (tiles are encoded off this writer's lock). */
    synchronized void write(byte[] frame) throws IOException {
        FrameStream.write(out, frame);
        out.flush();
        bytes += frame.length + 4;
        frames++;
        recorder.ifPresent(r -> r.frame(frame));
    }

    /** For the last frame of a session: the proxy may be gone already, which is fine. */
    void tryWrite(ServerFrame frame) {
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
