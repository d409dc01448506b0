package io.gatehouse.cli.gate;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.function.Consumer;

/**
 * The local listener of gate proxy db and gate proxy app: every connection a client makes to
 * 127.0.0.1:PORT gets its own TLS connection to the proxy's web port ({@link Upstream}) and the
 * bytes are piped both ways on virtual threads with fixed buffers. Only loopback is served: the
 * listener may speak for the user (proxy db --tunnel, proxy app), so nobody else on the network
 * may reach it.
 */
final class LocalProxy implements AutoCloseable {
    /** How one client connection reaches the proxy; an IOException's message goes to the log. */
    interface Upstream {
        Socket dial() throws IOException;
    }

    private final ServerSocket server;
    private final Upstream upstream;
    private final Consumer<String> log;
    private final Thread acceptor;

    private LocalProxy(ServerSocket server, Upstream upstream, Consumer<String> log) {
        this.server = server;
        this.upstream = upstream;
        this.log = log;
        this.acceptor = Thread.ofVirtual().name("local-proxy-accept").unstarted(this::acceptLoop);
    }

    /** Listens on 127.0.0.1:{@code port} (0: any free port) and starts accepting. */
    static LocalProxy start(int port, Upstream upstream, Consumer<String> log) throws IOException {
        ServerSocket server = new ServerSocket();
        try {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
        } catch (IOException e) {
            server.close();
            throw new IOException("cannot listen on 127.0.0.1:" + port + " (" + e.getMessage() + "): pick another "
                    + "--port, or 0 for any free one", e);
        }
        LocalProxy proxy = new LocalProxy(server, upstream, log);
        proxy.acceptor.start();
        return proxy;
    }

    int port() {
        return server.getLocalPort();
    }

    /** Until the listener is closed (gate proxy db and app run until interrupted). */
    void join() throws InterruptedException {
        acceptor.join();
    }

    @Override
    public void close() {
        Pipe.closeQuietly(server);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            Socket client;
            try {
                client = server.accept();
            } catch (SocketException closed) {
                return;
            } catch (IOException e) {
                log.accept("cannot accept a connection on 127.0.0.1:" + port() + ": " + e.getMessage());
                continue;
            }
            Thread.ofVirtual().name("local-proxy-conn").start(() -> serve(client));
        }
    }

    private void serve(Socket client) {
        Socket proxy;
        try {
            client.setTcpNoDelay(true);
            proxy = upstream.dial();
        } catch (IOException | RuntimeException e) {
            log.accept("connection from " + client.getRemoteSocketAddress() + " refused: " + e.getMessage());
            Pipe.closeQuietly(client);
            return;
        }
        Pipe.between(client, proxy);
    }
}
