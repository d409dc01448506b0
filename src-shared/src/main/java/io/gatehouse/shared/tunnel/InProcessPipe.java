package io.gatehouse.shared.tunnel;

import java.io.EOFException;
import java.io.IOException;
import java.net.SocketAddress;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.future.CloseFuture;
import org.apache.sshd.common.io.AbstractIoWriteFuture;
import org.apache.sshd.common.io.DefaultIoConnectFuture;
import org.apache.sshd.common.io.IoConnectFuture;
import org.apache.sshd.common.io.IoHandler;
import org.apache.sshd.common.io.IoSession;
import org.apache.sshd.common.io.IoWriteFuture;
import org.apache.sshd.common.util.buffer.Buffer;

/**
 * A connected pair of in-memory MINA IoSessions, like a socketpair: what one end writes, the other
 * end's IoHandler receives, on the writing thread, with no socket and no thread hand-off in
 * between. It replaces loopback TCP connections at both ends of a tunnel: the agent's, between the
 * tunnel's forwarded channel and the node's SSH server, and the proxy's, between its SSH clients
 * (the web terminal's and desktop's, the jump host's forwards) and the tunnel's channel (each such
 * hop cost a kernel round trip and a thread wake-up per packet, on every keystroke). Flow control stays MINA's: a handler that cannot take more calls suspendRead
 * (as its forwarding code does while a channel write waits for window), and what the other end
 * writes meanwhile queues here until resumeRead; the SSH channel windows bound that queue.
 */
public final class InProcessPipe {
    private static final AtomicLong IDS = new AtomicLong(1L << 40); // apart from NIO2 session ids in logs

    private InProcessPipe() {
    }

    /**
     * Two connected ends. Neither delivers anything before {@link End#start()}: call each handler's
     * sessionCreated first (a MINA SSH session must be attached to its IoSession before data arrives).
     */
    static End[] open(SocketAddress aLocal, IoHandler aHandler, SocketAddress bLocal, IoHandler bHandler) {
        End a = new End(aLocal, bLocal, aHandler);
        End b = new End(bLocal, aLocal, bHandler);
        a.peer = b;
        b.peer = a;
        return new End[] {a, b};
    }

    /**
     * A connect served in-process, as NIO2 would serve it: {@code connecting} (a MINA connector's
     * handler, at {@code from}) gets the end the future holds, {@code peer} (at {@code to}) the other.
     * Both handlers' sessionCreated run before any data flows (what either writes meanwhile waits);
     * a failure in either closes the pipe and fails the future.
     */
    public static IoConnectFuture connect(IoHandler connecting, SocketAddress from, IoHandler peer, SocketAddress to,
            AttributeRepository context) {
        DefaultIoConnectFuture future = new DefaultIoConnectFuture(to, null);
        End[] ends = open(from, connecting, to, peer);
        try {
            if (context != null) {
                ends[0].setAttribute(AttributeRepository.class, context); // as NIO2 does, for MINA's client
            }
            connecting.sessionCreated(ends[0]);
            peer.sessionCreated(ends[1]);
            ends[1].start();
            ends[0].start();
            future.setSession(ends[0]);
        } catch (Exception e) {
            ends[0].close(true);
            future.setException(e);
        }
        return future;
    }

    /** One end: its handler receives what the peer writes. */
    public static final class End extends DetachedIoSession {
        private final long id = IDS.incrementAndGet();
        private final SocketAddress local;
        private final SocketAddress remote;
        private final IoHandler handler;
        private final AtomicBoolean closedSignalled = new AtomicBoolean();
        private final AtomicReference<IoWriteFuture> lastWrite = new AtomicReference<>();
        private End peer;
        /** What the peer wrote and this end's handler has not received yet; guarded by this. */
        private final ArrayDeque<Delivery> inbound = new ArrayDeque<>();
        private boolean started;
        private boolean suspended;
        private boolean delivering;

        private End(SocketAddress local, SocketAddress remote, IoHandler handler) {
            this.local = local;
            this.remote = remote;
            this.handler = handler;
        }

        public IoHandler getHandler() {
            return handler;
        }

        /** Starts delivering to this end's handler (what arrived before waits until now). */
        public void start() {
            synchronized (this) {
                started = true;
            }
            drain();
        }

        @Override
        public IoWriteFuture writeBuffer(Buffer buffer) throws IOException {
            if (isClosing() || peer.isClosing()) {
                return AbstractIoWriteFuture.fulfilled(this, new EOFException("in-process connection closed"));
            }
            // No copy: like a socket write, the caller leaves the buffer alone until the future is done.
            Delivery d = new Delivery(buffer, new WriteFuture(this));
            lastWrite.set(d.future);
            peer.receive(d);
            return d.future;
        }

        private void receive(Delivery d) {
            synchronized (this) {
                inbound.add(d);
            }
            drain();
        }

        /**
         * Hands queued data to the handler, one message at a time, on the calling thread. A thread that
         * finds another one delivering leaves its data to it (it takes the queue in order), so a
         * handler is never entered twice at once and writes are received in the order written.
         */
        private void drain() {
            while (true) {
                Delivery next;
                synchronized (this) {
                    if (delivering || suspended || !started || inbound.isEmpty()) {
                        return;
                    }
                    next = inbound.poll();
                    delivering = true;
                }
                try {
                    if (next.buffer == null) {
                        close(false); // the peer shut its output: end of stream
                    } else if (!isClosing()) {
                        handler.messageReceived(this, next.buffer);
                    }
                    next.future.setValue(Boolean.TRUE);
                } catch (Throwable t) {
                    next.future.setValue(t);
                    try {
                        handler.exceptionCaught(this, t);
                    } catch (Throwable ignored) {
                        // the handler closes on its own failures
                    }
                    close(true);
                } finally {
                    synchronized (this) {
                        delivering = false;
                    }
                }
            }
        }

        @Override
        public void suspendRead() {
            synchronized (this) {
                suspended = true;
            }
        }

        @Override
        public void resumeRead() {
            synchronized (this) {
                suspended = false;
            }
            drain();
        }

        @Override
        public void shutdownOutputStream() {
            if (!peer.isClosing()) {
                peer.receive(new Delivery(null, new WriteFuture(this)));
            }
        }

        @Override
        protected CloseFuture doCloseGracefully() {
            IoWriteFuture last = lastWrite.get();
            return last == null ? null : builder().when(last).build().close(false);
        }

        @Override
        protected void doCloseImmediately() {
            super.doCloseImmediately();
            ArrayDeque<Delivery> dropped;
            synchronized (this) {
                dropped = new ArrayDeque<>(inbound);
                inbound.clear();
            }
            dropped.forEach(d -> d.future.setValue(new EOFException("in-process connection closed")));
            if (closedSignalled.compareAndSet(false, true)) {
                try {
                    handler.sessionClosed(this);
                } catch (Throwable ignored) {
                    // nothing attached yet, or already closing
                }
            }
            peer.close(false); // like TCP: the other end sees the connection end
        }

        @Override
        public long getId() {
            return id;
        }

        @Override
        public SocketAddress getAcceptanceAddress() {
            return local;
        }

        @Override
        public SocketAddress getLocalAddress() {
            return local;
        }

        @Override
        public SocketAddress getRemoteAddress() {
            return remote;
        }

        @Override
        public String toString() {
            return "InProcessPipe.End[" + id + " " + local + " <-> " + remote + "]";
        }
    }

    /** Data on its way to an end (null: end of stream), and the writer's future. */
    private record Delivery(Buffer buffer, WriteFuture future) {
    }

    private static final class WriteFuture extends AbstractIoWriteFuture {
        WriteFuture(Object id) {
            super(id, null);
        }
    }
}
