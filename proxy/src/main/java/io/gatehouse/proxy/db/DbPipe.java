package io.gatehouse.proxy.db;

import io.gatehouse.shared.tunnel.ServiceChannels;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;

/**
 * After start-up the proxy only moves bytes (contract step 4): client to agent on a virtual thread
 * of its own, agent to client on the caller's, each through one fixed buffer, so a session's memory
 * does not grow with its results. The client's end of stream is passed on as the channel's EOF (the
 * agent ends the session); the agent's end closes the client's connection.
 */
public final class DbPipe {
    static final int BUFFER = 16 * 1024;

    private DbPipe() {
    }

    /** Returns when both directions are done; closes {@code client} and {@code agent}. */
    public static void both(Socket client, InputStream fromClient, OutputStream toClient,
            ServiceChannels.Opened agent) {
        Thread up = Thread.ofVirtual().name("db-pipe-up").start(() -> {
            try {
                copy(fromClient, agent.out());
                agent.out().close(); // EOF: the agent ends the session
            } catch (IOException e) {
                agent.close();
            }
        });
        try {
            copy(agent.in(), toClient);
        } catch (IOException e) {
            // one side broke: both are closed below
        } finally {
            closeQuietly(client);
            agent.close();
        }
        try {
            up.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void copy(InputStream in, OutputStream out) throws IOException {
        byte[] buf = new byte[BUFFER];
        for (int n; (n = in.read(buf)) >= 0; ) {
            out.write(buf, 0, n);
            if (in.available() == 0) {
                out.flush();
            }
        }
        out.flush();
    }

    static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
