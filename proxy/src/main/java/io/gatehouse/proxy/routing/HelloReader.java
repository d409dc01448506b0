package io.gatehouse.proxy.routing;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;

/**
 * Reads a connection's ClientHello without consuming it for anyone else: the bytes read are kept
 * so the chosen route sees the connection from its first byte. A client gets {@link #DEADLINE}
 * for the whole hello (not per read: one byte every few seconds would otherwise hold a thread
 * indefinitely) and at most ClientHello.MAX_BYTES.
 */
final class HelloReader {
    static final Duration DEADLINE = Duration.ofSeconds(10);

    /** The hello and every byte read to get it. */
    record Peeked(ClientHello hello, byte[] bytes) {
    }

    /** The client was silent or too slow. */
    static final class TooSlow extends IOException {
        TooSlow(Duration deadline) {
            super("no complete TLS ClientHello within " + deadline.toMillis() + " ms", null);
        }
    }

    private HelloReader() {
    }

    static Peeked read(Socket socket, Duration deadline) throws IOException, MalformedClientHello {
        InputStream in = socket.getInputStream();
        byte[] buf = new byte[2048];
        int have = 0;
        long end = System.nanoTime() + deadline.toNanos();
        while (true) {
            long left = Duration.ofNanos(end - System.nanoTime()).toMillis();
            if (left <= 0) {
                throw new TooSlow(deadline);
            }
            socket.setSoTimeout((int) left);
            if (have == buf.length) {
                if (buf.length >= ClientHello.MAX_BYTES) {
                    throw new MalformedClientHello("the ClientHello is larger than " + ClientHello.MAX_BYTES + " bytes");
                }
                buf = Arrays.copyOf(buf, Math.min(buf.length * 2, ClientHello.MAX_BYTES));
            }
            int n;
            try {
                n = in.read(buf, have, buf.length - have);
            } catch (SocketTimeoutException e) {
                throw new TooSlow(deadline);
            }
            if (n < 0) {
                throw new java.io.EOFException("the client closed the connection before its ClientHello was complete");
            }
            have += n;
            if (ClientHello.parse(buf, have) instanceof ClientHello.Complete c) {
                socket.setSoTimeout(0);
                return new Peeked(c.hello(), Arrays.copyOf(buf, have));
            }
        }
    }
}
