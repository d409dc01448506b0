package io.gatehouse.shared.db;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.function.Consumer;

/** A loopback listener that hands each accepted client to {@code serve} on a virtual thread of its own. */
public final class LoopbackRelay implements AutoCloseable {
    private final ServerSocket listener;

    public LoopbackRelay(Consumer<Socket> serve) throws IOException {
        listener = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            while (!listener.isClosed()) {
                try {
                    Socket client = listener.accept();
                    Thread.ofVirtual().start(() -> serve.accept(client));
                } catch (IOException closed) {
                    return;
                }
            }
        });
    }

    public int port() {
        return listener.getLocalPort();
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
