package io.gatehouse.proxy.routing;

import io.gatehouse.shared.audit.SafeText;
import io.gatehouse.shared.routing.SocketSession;
import io.gatehouse.shared.routing.TlsRouting;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The proxy's web port: accepts TCP, reads the ClientHello (HelloReader), and routes by its ALPN
 * names (RoutingTable). The web route passes TLS through to Quarkus untouched; Gatehouse protocols
 * are terminated here with the proxy's certificate (the ALPN name answered) and their plaintext is
 * handed to the SSH server that serves them (the jump host, the tunnel server) as one more of its
 * connections (SocketSession), with the client's address, or to a stream handler (the database
 * fronts, Route.Stream). PostgreSQL's plaintext SSLRequest/CancelRequest preface (psql straight at
 * the web port) goes to the gatehouse-postgres handler. Each connection runs on virtual threads;
 * a connection that has not finished its hello (or its TLS handshake) within the deadline is closed,
 * and at most {@code maxPending} may be at that stage at once: past that, new ones are closed at once.
 */
public final class TlsRouter implements AutoCloseable {
    /** Accept queue: agents reconnecting after a proxy restart arrive here now (see TunnelServer). */
    static final int ACCEPT_BACKLOG = 4096;
    private static final Logger LOG = LoggerFactory.getLogger(TlsRouter.class);
    private static final String[] FAST_SUITES_FIRST = {"TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384",
        "TLS_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
        "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256"};

    /** Someone to tell about a refused connection (RefusalAudit, which summarises floods). */
    @FunctionalInterface
    public interface Refusals {
        void refused(String reason, String remote);
    }

    private final RoutingTable<Route> table;
    private final WebPassThrough web;
    private final SSLContext tls;
    private final Refusals refusals;
    private final Semaphore pending;
    private final ServerSocket listener;
    private final java.time.Duration helloDeadline;
    private volatile boolean closed;

    public TlsRouter(RoutingTable<Route> table, InetSocketAddress webListener, SSLContext tls, Refusals refusals,
            String host, int port, int maxPending) throws IOException {
        this(table, webListener, tls, refusals, host, port, maxPending, HelloReader.DEADLINE);
    }

    /** {@code helloDeadline}: how long a client has for its ClientHello, and again for the TLS handshake. */
    TlsRouter(RoutingTable<Route> table, InetSocketAddress webListener, SSLContext tls, Refusals refusals,
            String host, int port, int maxPending, java.time.Duration helloDeadline) throws IOException {
        this.helloDeadline = helloDeadline;
        this.table = table;
        this.web = new WebPassThrough(webListener);
        this.tls = tls;
        this.refusals = refusals;
        this.pending = new Semaphore(maxPending);
        listener = new ServerSocket();
        listener.setReuseAddress(true);
        listener.bind(new InetSocketAddress(host, port), ACCEPT_BACKLOG);
    }

    public void start() {
        Thread.ofPlatform().name("tls-router-accept").daemon().start(this::acceptLoop);
    }

    public int port() {
        return listener.getLocalPort();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket s;
            try {
                s = listener.accept();
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("web port: accept failed: {}", e.getMessage());
                    pause(); // e.g. out of file descriptors: do not spin
                }
                continue;
            }
            if (!pending.tryAcquire()) {
                // Like the tunnel port's handshake limit: shed at once rather than queue forever.
                closeQuietly(s);
                continue;
            }
            Thread.ofVirtual().name("tls-route").start(() -> route(s));
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void route(Socket s) {
        boolean released = false;
        String remote = String.valueOf(s.getRemoteSocketAddress());
        try {
            s.setTcpNoDelay(true);
            HelloReader.First first = HelloReader.read(s, helloDeadline);
            if (first instanceof HelloReader.PostgresPreface preface) {
                if (!(table.handler(TlsRouting.POSTGRES).orElse(null) instanceof Route.Stream pg)) {
                    refuse("a PostgreSQL client on the web port, and this proxy serves no databases", remote);
                } else {
                    pending.release();
                    released = true;
                    pg.handler().servePreface(s, preface.bytes(), remote);
                }
                closeQuietly(s);
                return;
            }
            HelloReader.Peeked peeked = (HelloReader.Peeked) first;
            RoutingTable.Decision<Route> decision = table.decide(peeked.hello());
            switch (decision) {
                case RoutingTable.Web<Route> w -> {
                    pending.release();
                    released = true;
                    web.serve(s, peeked.bytes());
                }
                case RoutingTable.Terminate<Route> t -> {
                    Optional<SSLContext> clientTls = t.handler() instanceof Route.Stream st ? st.clientTls()
                            : Optional.empty();
                    SSLSocket plain;
                    try {
                        plain = terminate(s, peeked.bytes(), t.protocol(), clientTls);
                    } catch (javax.net.ssl.SSLException e) {
                        if (clientTls.isEmpty()) {
                            throw e;
                        }
                        // A client certificate was asked for: a foreign or expired one is a refusal to audit.
                        refuse("TLS with the client failed for " + t.protocol() + " (a certificate not from this "
                                + "cluster's user CA?): " + e.getMessage(), remote);
                        closeQuietly(s);
                        return;
                    }
                    pending.release();
                    released = true;
                    switch (t.handler()) {
                        case Route.Ssh ssh -> {
                            SocketSession.serve(plain, ssh.handler());
                            return; // the session owns the socket now
                        }
                        case Route.Stream st -> {
                            try {
                                st.handler().serve(plain, remote);
                            } finally {
                                closeQuietly(plain);
                            }
                        }
                    }
                }
                case RoutingTable.Refuse<Route> r -> refuse(r.reason(), remote);
            }
        } catch (MalformedClientHello e) {
            refuse("not a TLS ClientHello the proxy can route: " + e.getMessage(), remote);
        } catch (HelloReader.TooSlow e) {
            LOG.debug("web port: {} from {}", e.getMessage(), remote);
        } catch (Exception e) {
            LOG.debug("web port: connection from {} ended: {}", remote, e.toString());
        } finally {
            if (!released) {
                pending.release();
            }
        }
        closeQuietly(s);
    }

    private void refuse(String reason, String remote) {
        LOG.info("web port: refused a connection from {}: {}", remote, SafeText.of(reason));
        refusals.refused(reason, remote);
    }

    /** TLS with the proxy's certificate over a connection whose hello was read already, answering {@code protocol}. */
    private SSLSocket terminate(Socket s, byte[] hello, String protocol, Optional<SSLContext> clientTls)
            throws IOException {
        SSLSocket socket = (SSLSocket) clientTls.orElse(tls).getSocketFactory().createSocket(s,
                new ByteArrayInputStream(hello), true);
        socket.setUseClientMode(false);
        SSLParameters params = socket.getSSLParameters();
        params.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
        // SSH inside is encrypted already (AES-128-GCM first, SshTransport): the outer layer costs a
        // second pass over every byte, so it takes the cheapest strong suite the client offers.
        params.setCipherSuites(FAST_SUITES_FIRST);
        params.setUseCipherSuitesOrder(true);
        params.setApplicationProtocols(new String[] {protocol});
        if (clientTls.isPresent()) {
            params.setWantClientAuth(true); // verified by clientTls's trust; the handler decides on none
        } else {
            params.setNeedClientAuth(false); // the SSH protocol inside authenticates the client
        }
        socket.setSSLParameters(params);
        socket.setSoTimeout((int) helloDeadline.toMillis());
        socket.startHandshake();
        socket.setSoTimeout(0);
        return socket;
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        try {
            listener.close();
        } catch (SocketException ignored) {
            // already closed
        }
    }
}
