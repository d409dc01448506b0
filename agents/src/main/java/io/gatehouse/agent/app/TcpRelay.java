package io.gatehouse.agent.app;

import io.gatehouse.shared.tunnel.ChannelCopy;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP app's bytes between the service channel and the upstream socket, both ways with a fixed
 * buffer each (memory does not grow with what flows), counted for the audit. The proxy's EOF is
 * passed on as a half close of the upstream (a client that stops sending still gets its answer);
 * the upstream's end closes the channel.
 */
final class TcpRelay {

    private final AtomicLong fromClient = new AtomicLong();
    private final AtomicLong toClient = new AtomicLong();

    long fromClient() {
        return fromClient.get();
    }

    long toClient() {
        return toClient.get();
    }

    /** Until the upstream ends (or either side fails); closes {@code upstream}. */
    void run(InputStream channelIn, OutputStream channelOut, Socket upstream) throws IOException {
        Thread up = Thread.ofVirtual().name("app-relay-up").start(() -> {
            try {
                ChannelCopy.copy(channelIn, upstream.getOutputStream(), fromClient);
                upstream.shutdownOutput();
            } catch (IOException e) {
                close(upstream);
            }
        });
        try (upstream) {
            ChannelCopy.copy(upstream.getInputStream(), channelOut, toClient);
        } finally {
            channelOut.close();
            close(upstream);
            try {
                up.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void close(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // ending anyway
        }
    }
}
