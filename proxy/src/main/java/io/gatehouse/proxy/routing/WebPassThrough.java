package io.gatehouse.proxy.routing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The web route: the client's bytes, its ClientHello first, go unchanged to the web listener
 * (Quarkus, on an internal loopback port), so TLS, HTTP/2 and client certificates (gate's) stay
 * Quarkus's own. A PROXY protocol v1 line (haproxy's proxy-protocol.txt 2.1) goes first, so the web
 * side sees the client's address, not the router's, for audit and per-source limits; the web
 * listener requires that line, so nothing on the host can reach it pretending to be someone else.
 */
final class WebPassThrough {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(WebPassThrough.class);
    private static final int CONNECT_TIMEOUT_MS = 5_000;
    private final InetSocketAddress web;

    WebPassThrough(InetSocketAddress web) {
        this.web = web;
    }

    void serve(Socket client, byte[] peeked) throws IOException {
        try (Socket upstream = new Socket()) {
            upstream.setTcpNoDelay(true);
            try {
                upstream.connect(web, CONNECT_TIMEOUT_MS);
            } catch (IOException e) {
                // An operator's problem (the web listener is down or on another port), not the client's.
                LOG.warn("web port: cannot reach the web UI's listener at {} ({}); check web-internal-port", web,
                        e.getMessage());
                throw e;
            }
            OutputStream up = upstream.getOutputStream();
            up.write(proxyLine((InetSocketAddress) client.getRemoteSocketAddress(),
                    (InetSocketAddress) client.getLocalSocketAddress()));
            up.write(peeked);
            up.flush();
            Pipe.both(client, upstream);
        }
    }

    /** "PROXY TCP4 SRC DST SPORT DPORT\r\n"; UNKNOWN when the two ends differ in family. */
    static byte[] proxyLine(InetSocketAddress source, InetSocketAddress destination) {
        boolean v6 = source.getAddress() instanceof Inet6Address;
        String line = v6 != destination.getAddress() instanceof Inet6Address ? "PROXY UNKNOWN\r\n"
                : "PROXY " + (v6 ? "TCP6 " : "TCP4 ") + source.getAddress().getHostAddress().replaceAll("%.*", "") + " "
                        + destination.getAddress().getHostAddress().replaceAll("%.*", "") + " " + source.getPort() + " "
                        + destination.getPort() + "\r\n";
        return line.getBytes(StandardCharsets.US_ASCII);
    }

    /** Copies both ways until both ends are done; an error on either closes both. */
    static final class Pipe {
        private Pipe() {
        }

        static void both(Socket a, Socket b) {
            Thread back = Thread.ofVirtual().name("web-pipe").start(() -> copy(b, a));
            copy(a, b);
            try {
                back.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private static void copy(Socket from, Socket to) {
            byte[] buf = new byte[16 * 1024];
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                for (int n; (n = in.read(buf)) >= 0; ) {
                    out.write(buf, 0, n);
                    out.flush();
                }
                to.shutdownOutput();
            } catch (IOException e) {
                closeQuietly(from);
                closeQuietly(to);
            }
        }

        private static void closeQuietly(Socket s) {
            try {
                s.close();
            } catch (IOException ignored) {
                // ending anyway
            }
        }
    }
}
