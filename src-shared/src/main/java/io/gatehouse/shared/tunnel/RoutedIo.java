package io.gatehouse.shared.tunnel;

import java.net.SocketAddress;
import java.util.Map;
import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.Factory;
import org.apache.sshd.common.FactoryManager;
import org.apache.sshd.common.future.CloseFuture;
import org.apache.sshd.common.future.SshFutureListener;
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
 * MINA I/O that serves some connects in-process (an InProcessPipe) and dials everything else over
 * NIO2 as usual: both ends of a tunnel use it, the agent for its own SSH service, the proxy for
 * the tunnels' channels. A connector's NIO2 twin is made only if it dials something real.
 */
public final class RoutedIo {
    /** A connect served in-process, or null to dial {@code target} over NIO2. */
    @FunctionalInterface
    public interface Route {
        IoConnectFuture connect(IoHandler handler, SocketAddress target, AttributeRepository context);
    }

    private RoutedIo() {
    }

    public static IoServiceFactoryFactory with(Route route) {
        return new IoServiceFactoryFactory() {
            @Override
            public IoServiceFactory create(FactoryManager manager) {
                return new Services(DefaultIoServiceFactoryFactory.getDefaultIoServiceFactoryFactoryInstance()
                        .create(manager), route);
            }

            @Override
            public void setExecutorServiceFactory(Factory<CloseableExecutorService> factory) {
                throw new UnsupportedOperationException("in-process connections use MINA's default executors");
            }
        };
    }

    private static final class Services implements IoServiceFactory {
        private final IoServiceFactory nio2;
        private final Route route;

        Services(IoServiceFactory nio2, Route route) {
            this.nio2 = nio2;
            this.route = route;
        }

        @Override
        public IoConnector createConnector(IoHandler handler) {
            return new Connector(handler, nio2, route);
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
    private static final class Connector extends AbstractCloseable implements IoConnector {
        private final IoHandler handler;
        private final IoServiceFactory nio2;
        private final Route route;
        private IoConnector delegate;
        private IoServiceEventListener listener;

        Connector(IoHandler handler, IoServiceFactory nio2, Route route) {
            this.handler = handler;
            this.nio2 = nio2;
            this.route = route;
        }

        @Override
        public IoConnectFuture connect(SocketAddress target, AttributeRepository context, SocketAddress local) {
            IoConnectFuture inProcess = route.connect(handler, target, context);
            return inProcess != null ? inProcess : nio2().connect(target, context, local);
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
