package io.gatehouse.agent.tunnel;

import io.gatehouse.shared.tunnel.InProcessPipe;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Map;
import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.Factory;
import org.apache.sshd.common.FactoryManager;
import org.apache.sshd.common.future.CloseFuture;
import org.apache.sshd.common.future.SshFutureListener;
import org.apache.sshd.common.io.DefaultIoConnectFuture;
import org.apache.sshd.common.io.DefaultIoServiceFactoryFactory;
import org.apache.sshd.common.io.IoAcceptor;
import org.apache.sshd.common.io.IoConnectFuture;
import org.apache.sshd.common.io.IoConnector;
import org.apache.sshd.common.io.IoHandler;
import org.apache.sshd.common.io.IoServiceEventListener;
import org.apache.sshd.common.io.IoServiceFactory;
import org.apache.sshd.common.io.IoServiceFactoryFactory;
import org.apache.sshd.common.io.IoSession;
import org.apache.sshd.common.util.closeable.AbstractCloseable;
import org.apache.sshd.common.util.threads.CloseableExecutorService;

/**
 * The tunnel client's I/O: a forwarded-tcpip channel from the proxy connects to the node's SSH
 * service in-process (an InProcessPipe into the SSH server's session handler) instead of over a
 * loopback TCP connection. MINA's own forwarding code (TcpipServerChannel) still handles the
 * channel, its window and its end, and the tunnel's forwarding filter (OnlyToLocalSsh) still decides
 * what the proxy may reach: this only changes how "connect to 127.0.0.1:PORT of the SSH service"
 * is carried out. Any other address (the tunnel's own connection to the proxy) uses NIO2 as before.
 */
final class LocalSshHandOver implements IoServiceFactoryFactory {
    private final int sshPort;
    private final IoHandler sshServer;

    /** {@code sshServer}: the SSH service's session handler, which serves connections to {@code sshPort}. */
    LocalSshHandOver(int sshPort, IoHandler sshServer) {
        this.sshPort = sshPort;
        this.sshServer = sshServer;
    }

    @Override
    public IoServiceFactory create(FactoryManager manager) {
        return new Services(DefaultIoServiceFactoryFactory.getDefaultIoServiceFactoryFactoryInstance().create(manager));
    }

    @Override
    public void setExecutorServiceFactory(Factory<CloseableExecutorService> factory) {
        throw new UnsupportedOperationException("the tunnel client uses MINA's default executors");
    }

    private boolean isLocalSsh(SocketAddress address) {
        return address instanceof InetSocketAddress a && a.getPort() == sshPort && a.getAddress() != null
                && a.getAddress().isLoopbackAddress();
    }

    /** Connects to the SSH service in-process; hands everything else to NIO2. */
    private IoConnectFuture connectInProcess(IoHandler handler, SocketAddress target) {
        DefaultIoConnectFuture future = new DefaultIoConnectFuture(target, null);
        // The SSH service sees the tunnel as a loopback client, as it did with the TCP hop.
        SocketAddress tunnelSide = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        InProcessPipe.End[] ends = InProcessPipe.open(tunnelSide, handler, target, sshServer);
        try {
            // As NIO2 does: the handlers' sessionCreated first (the forwarding side suspends reading until
            // its channel is confirmed; the SSH server attaches its session), then data may flow.
            handler.sessionCreated(ends[0]);
            sshServer.sessionCreated(ends[1]);
            ends[1].start();
            ends[0].start();
            future.setSession(ends[0]);
        } catch (Exception e) {
            ends[0].close(true);
            future.setException(e);
        }
        return future;
    }

    private final class Services implements IoServiceFactory {
        private final IoServiceFactory nio2;

        Services(IoServiceFactory nio2) {
            this.nio2 = nio2;
        }

        @Override
        public IoConnector createConnector(IoHandler handler) {
            return new Connector(handler, nio2);
        }

        @Override
        public IoAcceptor createAcceptor(IoHandler handler) {
            return nio2.createAcceptor(handler);
        }

        @Override
        public IoServiceEventListener getIoServiceEventListener() {
            return nio2.getIoServiceEventListener();
        }

        @Override
        public void setIoServiceEventListener(IoServiceEventListener listener) {
            nio2.setIoServiceEventListener(listener);
        }

        @Override
        public CloseFuture close(boolean immediately) {
            return nio2.close(immediately);
        }

        @Override
        public void addCloseFutureListener(SshFutureListener<CloseFuture> listener) {
            nio2.addCloseFutureListener(listener);
        }

        @Override
        public void removeCloseFutureListener(SshFutureListener<CloseFuture> listener) {
            nio2.removeCloseFutureListener(listener);
        }

        @Override
        public boolean isClosed() {
            return nio2.isClosed();
        }

        @Override
        public boolean isClosing() {
            return nio2.isClosing();
        }
    }

    /** A connector per MINA's request (one per forwarded channel); its NIO2 twin only if it dials elsewhere. */
    private final class Connector extends AbstractCloseable implements IoConnector {
        private final IoHandler handler;
        private final IoServiceFactory nio2;
        private IoConnector delegate;
        private IoServiceEventListener listener;

        Connector(IoHandler handler, IoServiceFactory nio2) {
            this.handler = handler;
            this.nio2 = nio2;
        }

        @Override
        public IoConnectFuture connect(SocketAddress target, AttributeRepository context, SocketAddress local) {
            if (isLocalSsh(target)) {
                return connectInProcess(handler, target);
            }
            return nio2().connect(target, context, local);
        }

        private synchronized IoConnector nio2() {
            if (delegate == null) {
                delegate = nio2.createConnector(handler);
                if (listener != null) {
                    delegate.setIoServiceEventListener(listener);
                }
            }
            return delegate;
        }

        private synchronized IoConnector created() {
            return delegate;
        }

        @Override
        public Map<Long, IoSession> getManagedSessions() {
            IoConnector d = created();
            return d == null ? Map.of() : d.getManagedSessions();
        }

        @Override
        public synchronized IoServiceEventListener getIoServiceEventListener() {
            return listener;
        }

        @Override
        public synchronized void setIoServiceEventListener(IoServiceEventListener listener) {
            this.listener = listener;
            if (delegate != null) {
                delegate.setIoServiceEventListener(listener);
            }
        }

        @Override
        protected CloseFuture doCloseGracefully() {
            IoConnector d = created();
            return d == null ? null : d.close(false);
        }

        @Override
        protected void doCloseImmediately() {
            IoConnector d = created();
            if (d != null) {
                d.close(true);
            }
            super.doCloseImmediately();
        }
    }
}
