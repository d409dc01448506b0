package io.gatehouse.shared.tunnel;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One direction of a service channel's relay (the proxy's pipe to gate, the agent's to a TCP app):
 * bytes in a fixed buffer, counted for the session's audit, flushed when nothing more has arrived
 * (so a request-response protocol is not held back, and a stream goes out in full buffers).
 */
public final class ChannelCopy {
    public static final int BUFFER = 16 * 1024;

    private ChannelCopy() {
    }

    /** Until {@code in} ends; adds what it copied to {@code counted} as it goes. */
    public static void copy(InputStream in, OutputStream out, AtomicLong counted) throws IOException {
        byte[] buf = new byte[BUFFER];
        for (int n; (n = in.read(buf)) >= 0; ) {
            out.write(buf, 0, n);
            counted.addAndGet(n);
            if (in.available() == 0) {
                out.flush();
            }
        }
        out.flush();
    }
}
