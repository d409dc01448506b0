package io.gatehouse.proxy.service;

import io.gatehouse.shared.tunnel.ChannelCopy;
import io.gatehouse.shared.tunnel.ServiceChannels;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The proxy's half of every service channel (databases, apps): after start-up the proxy only moves
 * bytes (contract step 4): client to agent on a virtual thread of its own, agent to client on the
 * caller's, each through fixed buffers, so a session's memory
 * does not grow with its results. The client's end of stream is passed on as the channel's EOF (the
 * agent ends the session); the agent's end closes the client's connection. The agent-to-client
 * direction is the protocol's ({@link Downstream}): it follows message boundaries so that, when the
 * agent goes away between messages, the client hears why in its own protocol.
 */
public final class ServicePipe {

    private ServicePipe() {
    }

    /** What the client side has done so far, for a Downstream deciding whether and how to report a loss. */
    public static final class ClientSide {
        private final AtomicLong bytes = new AtomicLong();
        private volatile boolean ended;

        /** Bytes the client has sent to the agent so far. */
        public long bytes() {
            return bytes.get();
        }

        /** The client closed its side: nobody is listening for an error. */
        public boolean ended() {
            return ended;
        }
    }

    /** Copies the agent's stream to the client until the agent ends; may tell the client the agent was lost. */
    @FunctionalInterface
    public interface Downstream {
        void relay(InputStream fromAgent, OutputStream toClient, ClientSide client) throws IOException;
    }

    /** For streams Gatehouse does not frame (TCP apps): the agent's bytes as they come; a loss closes the client. */
    public static final Downstream BYTES = (fromAgent, toClient, client) -> ChannelCopy.copy(fromAgent, toClient,
            new AtomicLong());

    /** Returns when both directions are done; closes {@code client} and {@code agent}. */
    public static void both(Socket client, InputStream fromClient, OutputStream toClient,
            ServiceChannels.Opened agent, Downstream downstream) {
        ClientSide side = new ClientSide();
        Thread up = Thread.ofVirtual().name("service-pipe-up").start(() -> {
            try {
                ChannelCopy.copy(fromClient, agent.out(), side.bytes);
                side.ended = true;
                agent.out().close(); // EOF: the agent ends the session
            } catch (IOException e) {
                side.ended = true;
                agent.close();
            }
        });
        try {
            downstream.relay(agent.in(), toClient, side);
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

    public static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
