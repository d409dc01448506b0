package io.gatehouse.proxy.routing;

import java.io.IOException;
import java.net.Socket;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.apache.sshd.common.io.IoHandler;

/**
 * What serves a Gatehouse protocol the router terminates: an SSH server (the jump host, the tunnel
 * server) that takes the plaintext as one more of its connections, or a stream handler (the
 * database fronts) that takes the terminated socket itself on the router's virtual thread.
 */
public sealed interface Route {
    /** SSH inside: the SSH protocol authenticates the client, so the TLS asks for no certificate. */
    record Ssh(IoHandler handler) implements Route {
    }

    /**
     * A protocol served on the socket. {@code clientTls}, when present, is the TLS the router
     * terminates with instead of its own: it asks for (wants, does not need) a client certificate
     * and verifies one against the CA it trusts (the user CA), so a handler can tell "no
     * certificate" (and ask for one inside its protocol) from "a certificate of this cluster".
     */
    record Stream(StreamHandler handler, Optional<SSLContext> clientTls) implements Route {
    }

    /** Serves a connection; returns when it is over (the router closes the socket after). */
    interface StreamHandler {
        /** TLS terminated by the router, ALPN answered. */
        void serve(SSLSocket socket, String remote) throws IOException;

        /**
         * A connection that began with this protocol's own plaintext preface instead of TLS
         * (PostgreSQL's SSLRequest or CancelRequest, as psql sends straight to the web port).
         * {@code preface} are the bytes the router read. Protocols without one refuse.
         */
        default void servePreface(Socket plain, byte[] preface, String remote) throws IOException {
            throw new IOException("this protocol has no plaintext preface");
        }
    }
}
