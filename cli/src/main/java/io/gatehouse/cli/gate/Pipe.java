package io.gatehouse.cli.gate;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;

/**
 * Bytes one way or both between two ends with a fixed buffer per direction, so memory stays the
 * same whatever flows through (a database's result, an SSH session). Shared by gate proxy tls
 * (stdin/stdout to the proxy) and gate proxy db and app (a local client to the proxy).
 */
final class Pipe {
    static final int BUFFER = 32 * 1024;

    private Pipe() {
    }

    /** Copies until {@code in} ends (true) or either side fails (false); flushes each read at once. */
    static boolean copy(InputStream in, OutputStream out) {
        byte[] buf = new byte[BUFFER];
        try {
            for (int n; (n = in.read(buf)) >= 0; ) {
                out.write(buf, 0, n);
                out.flush();
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Both ways between two connected sockets until both directions end: one direction on a
     * virtual thread, the other on the caller's. The end of one side's input is passed on as a
     * half close (TLS close_notify or TCP FIN), so a client that stops sending still gets its
     * answer; a failure on either side closes both.
     */
    static void between(Socket a, Socket b) {
        Thread up = Thread.ofVirtual().name("pipe-up").start(() -> oneWay(a, b));
        oneWay(b, a);
        try {
            up.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeQuietly(a);
            closeQuietly(b);
        }
    }

    private static void oneWay(Socket from, Socket to) {
        try {
            if (copy(from.getInputStream(), to.getOutputStream())) {
                to.shutdownOutput();
                return;
            }
        } catch (IOException | UnsupportedOperationException e) {
            // falls through to closing both: the other direction cannot go on either
        }
        closeQuietly(from);
        closeQuietly(to);
    }

    static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // ending anyway
        }
    }
}
