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
 *
 * <p>One plaintext start is recognised besides TLS: PostgreSQL's, since libpq (before 17's
 * sslnegotiation=direct) cannot start with TLS and sends an SSLRequest first, and a cancel comes
 * as a CancelRequest on a connection of its own (PostgreSQL protocol 53.2.9, 53.2.7). Only those
 * exact packets are taken; any other non-TLS start stays malformed.
 */
final class HelloReader {
    static final Duration DEADLINE = Duration.ofSeconds(10);
    /** Int32 8, Int32 80877103. */
    static final byte[] PG_SSL_REQUEST = {0, 0, 0, 8, 0x04, (byte) 0xd2, 0x16, 0x2f};
    /** Int32 16, Int32 80877102, then process id and a 4-byte secret. */
    static final byte[] PG_CANCEL_PREFIX = {0, 0, 0, 16, 0x04, (byte) 0xd2, 0x16, 0x2e};
    static final int PG_CANCEL_LENGTH = 16;

    /** What a connection began with. */
    sealed interface First {
    }

    /** The hello and every byte read to get it. */
    record Peeked(ClientHello hello, byte[] bytes) implements First {
    }

    /** PostgreSQL's SSLRequest or CancelRequest, whole: the only bytes read. */
    record PostgresPreface(byte[] bytes) implements First {
        boolean isCancel() {
            return bytes.length == PG_CANCEL_LENGTH;
        }
    }

    /** The client was silent or too slow. */
    static final class TooSlow extends IOException {
        TooSlow(Duration deadline) {
            super("no complete TLS ClientHello within " + deadline.toMillis() + " ms", null);
        }
    }

    private HelloReader() {
    }

    static First read(Socket socket, Duration deadline) throws IOException, MalformedClientHello {
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
                // A PostgreSQL preface is read exactly: its client waits for the answer after it.
                int room = have > 0 && buf[0] == 0 ? PG_CANCEL_LENGTH - have : buf.length - have;
                n = in.read(buf, have, Math.max(1, room));
            } catch (SocketTimeoutException e) {
                throw new TooSlow(deadline);
            }
            if (n < 0) {
                throw new java.io.EOFException("the client closed the connection before its ClientHello was complete");
            }
            have += n;
            if (buf[0] == 0) {
                if (postgres(buf, have) instanceof PostgresPreface p) {
                    socket.setSoTimeout(0);
                    return p;
                }
                continue;
            }
            if (ClientHello.parse(buf, have) instanceof ClientHello.Complete c) {
                socket.setSoTimeout(0);
                return new Peeked(c.hello(), Arrays.copyOf(buf, have));
            }
        }
    }

    /** A complete preface, null while a valid prefix of one, MalformedClientHello when it cannot be one. */
    static PostgresPreface postgres(byte[] buf, int have) throws MalformedClientHello {
        int compared = Math.min(have, PG_SSL_REQUEST.length);
        boolean ssl = Arrays.equals(buf, 0, compared, PG_SSL_REQUEST, 0, compared);
        boolean cancel = Arrays.equals(buf, 0, compared, PG_CANCEL_PREFIX, 0, compared);
        if (!ssl && !cancel || have > PG_CANCEL_LENGTH || ssl && !cancel && have > PG_SSL_REQUEST.length) {
            throw new MalformedClientHello("not TLS, and not a PostgreSQL SSLRequest or CancelRequest");
        }
        if (ssl && have == PG_SSL_REQUEST.length) {
            return new PostgresPreface(Arrays.copyOf(buf, have));
        }
        if (cancel && have == PG_CANCEL_LENGTH) {
            return new PostgresPreface(Arrays.copyOf(buf, have));
        }
        return null;
    }
}
