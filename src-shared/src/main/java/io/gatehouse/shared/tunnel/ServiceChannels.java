package io.gatehouse.shared.tunnel;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.sshd.common.channel.ChannelFactory;
import org.apache.sshd.common.session.ConnectionService;
import org.apache.sshd.common.session.Session;

/**
 * Service channels: how the proxy reaches an agent's services other than SSH (databases, next apps
 * and Kubernetes) over the agent's reverse tunnel, one SSH channel per client connection, of the
 * channel type {@link #TYPE}. The channel-open request carries a {@link ServiceRequest}; the agent
 * decides (on a virtual thread, so it may ask auth for roles) and either refuses, and its reason
 * reaches the proxy as the channel's first frame (for the proxy to tell the client in its own
 * protocol), or serves the channel as a pair of blocking streams with SSH's flow control underneath.
 * The tunnel itself authenticated both ends (the agent's host certificate, the proxy's), so only a
 * proxy can open these, and only on tunnels to agents; the user inside is for the agent to verify.
 */
public final class ServiceChannels {
    public static final String TYPE = "gatehouse-service@gatehouse.io";
    /** How long a write waits for the peer's window: a client that reads nothing for this long is gone. */
    static final Duration WRITE_STALL = Duration.ofMinutes(30);

    private ServiceChannels() {
    }

    /** The agent's side: decides on each request. */
    @FunctionalInterface
    public interface Server {
        /** Called on a virtual thread of its own; blocking is fine. Exceptions refuse with their message. */
        Decision open(ServiceRequest request) throws Exception;
    }

    /** What an agent makes of a request. */
    public sealed interface Decision {
    }

    /** Refused: {@code reason} is for the person at the client (no secrets in it). */
    public record Refused(String reason) implements Decision {
    }

    /** Accepted: {@code session} runs on the same virtual thread; the channel closes when it returns. */
    public record Serve(Served session) implements Decision {
    }

    /** A served channel: {@code in} ends at the proxy's EOF, closing {@code out} sends EOF back. */
    @FunctionalInterface
    public interface Served {
        void run(InputStream in, OutputStream out) throws IOException;
    }

    /** The agent refused, or the channel could not be opened; the message says why, for a person. */
    public static final class RefusedException extends IOException {
        public RefusedException(String message) {
            super(message);
        }
    }

    private static final int ACCEPTED = '+';
    private static final int REFUSED = '-';
    private static final int MAX_REASON = 4096;

    /**
     * The channel's first frame, from the agent: '+', or '-' and a length-prefixed UTF-8 reason. The
     * proxy answers a gatehouse-app-tcp client with the same frame, so gate can say why it was refused.
     */
    public static void writeDecision(OutputStream out, Decision decision) throws IOException {
        if (decision instanceof Refused r) {
            byte[] reason = r.reason().getBytes(StandardCharsets.UTF_8);
            int n = Math.min(reason.length, MAX_REASON);
            out.write(REFUSED);
            out.write(new byte[] {(byte) (n >>> 8), (byte) n});
            out.write(reason, 0, n);
        } else {
            out.write(ACCEPTED);
        }
        out.flush();
    }

    /** Reads a decision; a refusal becomes a RefusedException with its reason. */
    public static void readDecision(InputStream in) throws IOException {
        int status = in.read();
        if (status == ACCEPTED) {
            return;
        }
        if (status != REFUSED) {
            throw new RefusedException(status < 0 ? "the agent closed the channel without an answer"
                    : "the agent answered something that is not a service decision");
        }
        DataInputStream data = new DataInputStream(in);
        byte[] reason = new byte[Math.min(data.readUnsignedShort(), MAX_REASON)];
        data.readFully(reason);
        throw new RefusedException(new String(reason, StandardCharsets.UTF_8));
    }

    /** An open service channel at the proxy: write to {@code out}, read from {@code in}, close when done. */
    public interface Opened extends AutoCloseable {
        InputStream in();

        OutputStream out();

        @Override
        void close();
    }

    /** For the agent's tunnel client: serves {@link #TYPE} channels with {@code server}. */
    public static ChannelFactory factory(Server server) {
        return new ChannelFactory() {
            @Override
            public String getName() {
                return TYPE;
            }

            @Override
            public org.apache.sshd.common.channel.Channel createChannel(Session session) {
                return new ServiceServerChannel(server);
            }
        };
    }

    /**
     * For the proxy: opens a service channel on {@code tunnel} (the agent's tunnel session) and waits
     * up to {@code timeout} for the agent's decision.
     *
     * @throws RefusedException with the agent's reason, or why the tunnel could not carry it
     */
    public static Opened open(Session tunnel, ServiceRequest request, Duration timeout) throws IOException {
        ServiceClientChannel channel = new ServiceClientChannel(request.toBytes());
        ConnectionService connections = tunnel.getService(ConnectionService.class);
        try {
            connections.registerChannel(channel);
        } catch (IOException e) {
            throw new RefusedException("the agent's tunnel is closing (" + e.getMessage() + "); try again");
        }
        org.apache.sshd.client.future.OpenFuture opening;
        try {
            opening = channel.open();
            opening.await(timeout);
        } catch (IOException e) {
            channel.close(true);
            throw new RefusedException("the agent's tunnel could not carry the request (" + e.getMessage() + ")");
        }
        if (!opening.isOpened()) {
            channel.close(true);
            Throwable why = opening.getException();
            if (why == null) {
                throw new RefusedException("the agent did not answer within " + timeout.toSeconds() + " s");
            }
            // The agent's reason (SSH_MSG_CHANNEL_OPEN_FAILURE's description) is the message of MINA's exception.
            throw new RefusedException("the agent could not open a channel: " + why.getMessage());
        }
        ServiceChannels.Opened opened = channel.opened();
        try {
            channel.readTimeout(timeout);
            readDecision(opened.in());
            channel.readTimeout(Duration.ZERO);
        } catch (IOException e) {
            opened.close();
            throw e instanceof RefusedException ? e : new RefusedException("the agent's tunnel closed ("
                    + e.getMessage() + ")");
        }
        return opened;
    }
}
