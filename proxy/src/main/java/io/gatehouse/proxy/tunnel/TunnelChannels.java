package io.gatehouse.proxy.tunnel;

import io.gatehouse.shared.tunnel.InProcessPipe;
import io.gatehouse.shared.tunnel.RoutedIo;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Optional;
import java.util.function.Function;
import org.apache.sshd.client.channel.ClientChannel;
import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.forward.TcpipClientChannel;
import org.apache.sshd.common.io.IoConnectFuture;
import org.apache.sshd.common.io.IoHandler;
import org.apache.sshd.common.io.IoServiceFactoryFactory;
import org.apache.sshd.common.io.IoSession;
import org.apache.sshd.common.session.ConnectionService;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.util.Readable;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;
import org.apache.sshd.common.util.threads.ThreadUtils;

/**
 * Connections into a node's tunnel without the loopback port: MINA I/O for the proxy's SSH
 * endpoints (the web terminal's client, the jump host) whose "connect to the tunnel's loopback
 * address" opens a forwarded-tcpip channel on the agent's tunnel session directly and joins it to
 * the caller through an InProcessPipe. That is what MINA's forwarder does for a TCP connection
 * accepted on the tunnel's port (DefaultForwarder.StaticIoHandler), minus the socket, the accept
 * and a thread wake-up per packet. The agent sees the same channel as before (the forward's
 * address and port), so its filter still confines it to the node's own SSH service; the port
 * stays bound for anything else that dials it. Addresses that are no tunnel's go over NIO2.
 */
public final class TunnelChannels {
    /** In a connect's context: the tunnel to dial (else the target address is looked up). */
    public static final AttributeRepository.AttributeKey<TunnelRegistry.Tunnel> TUNNEL =
            new AttributeRepository.AttributeKey<>();
    /** The originator address the agent is told about (it serves the channel in-process, as loopback). */
    private static final InetSocketAddress ORIGINATOR = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    private TunnelChannels() {
    }

    /** I/O for a MINA client or server; {@code byAddress} finds the tunnel whose loopback address is dialled. */
    public static IoServiceFactoryFactory io(Function<SocketAddress, Optional<TunnelRegistry.Tunnel>> byAddress) {
        return RoutedIo.with((handler, target, context) -> Optional.ofNullable(context == null ? null
                : context.getAttribute(TUNNEL)).or(() -> byAddress.apply(target))
                .map(tunnel -> connect(tunnel, handler, context)).orElse(null));
    }

    /** Joins {@code handler} to a new forwarded-tcpip channel of the tunnel; the future has the handler's end. */
    static IoConnectFuture connect(TunnelRegistry.Tunnel tunnel, IoHandler handler, AttributeRepository context) {
        return InProcessPipe.connect(handler, ORIGINATOR, new ChannelSide((Session) tunnel.owner()), tunnel.address(),
                context);
    }

    /**
     * The tunnel's end of the pipe: a forwarded-tcpip channel on the agent's session. What the pipe
     * brings goes into the channel one write at a time (reading is suspended meanwhile, so the channel
     * window throttles the writer); what the agent sends comes back through the channel's own
     * handling (TcpipClientChannel writes it to this end, and opens its window once delivered).
     */
    private static final class ChannelSide implements IoHandler {
        private final Session carrier;

        ChannelSide(Session carrier) {
            this.carrier = carrier;
        }

        @Override
        public void sessionCreated(IoSession io) throws Exception {
            TcpipClientChannel channel = new TcpipClientChannel(TcpipClientChannel.Type.Forwarded, io, null);
            channel.setStreaming(ClientChannel.Streaming.Async);
            io.setAttribute(TcpipClientChannel.class, channel);
            io.suspendRead(); // until the agent confirms the channel
            carrier.getService(ConnectionService.class).registerChannel(channel);
            channel.open().addListener(opened -> {
                if (opened.isOpened()) {
                    io.resumeRead();
                } else {
                    io.close(true);
                }
            });
        }

        @Override
        public void messageReceived(IoSession io, Readable message) throws Exception {
            TcpipClientChannel channel = (TcpipClientChannel) io.getAttribute(TcpipClientChannel.class);
            Buffer buffer = new ByteArrayBuffer(message.available(), false);
            buffer.putBuffer(message);
            io.suspendRead();
            // Internal: a write must never wait for the tunnel's key exchange on this thread (MINA queues it).
            ThreadUtils.runAsInternal(() -> channel.getAsyncIn().writeBuffer(buffer).addListener(written -> {
                if (written.getException() != null) {
                    io.close(true);
                } else {
                    io.resumeRead();
                }
            }));
        }

        @Override
        public void sessionClosed(IoSession io) {
            TcpipClientChannel channel = (TcpipClientChannel) io.removeAttribute(TcpipClientChannel.class);
            if (channel != null) {
                channel.close(false);
            }
        }

        @Override
        public void exceptionCaught(IoSession io, Throwable cause) {
            io.close(true);
        }
    }
}
