package io.gatehouse.shared.routing;

import io.gatehouse.shared.tunnel.DetachedIoSession;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketAddress;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.future.CloseFuture;
import org.apache.sshd.common.io.AbstractIoWriteFuture;
import org.apache.sshd.common.io.DefaultIoConnectFuture;
import org.apache.sshd.common.io.IoConnectFuture;
import org.apache.sshd.common.io.IoHandler;
import org.apache.sshd.common.io.IoSession;
import org.apache.sshd.common.io.IoWriteFuture;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;

/**
 * A MINA IoSession over a connected blocking socket (here: a TLS socket the router terminated, or
 * an agent's TLS connection to the router), so an SSH server or client runs over it exactly as over
 * the NIO2 sockets of its own port: the same session handler, limits and checks. One virtual thread
 * reads and hands what arrives to the handler (waiting while the handler has suspended reading, as
 * MINA's forwarding does under channel-window pressure); one writes queued buffers in order and
 * completes their futures, like NIO2's write queue, so no caller blocks on a slow peer. SSH's own
 * windows bound what can be queued.
 */
public final class SocketSession extends DetachedIoSession {
    /** As the tunnel server's NIO2 buffers (TunnelServer.READ_BUFFER_BYTES): thousands of idle tunnels hold one each. */
    private static final int READ_BUFFER = 16 * 1024;
    private static final java.util.concurrent.atomic.AtomicLong IDS = new java.util.concurrent.atomic.AtomicLong(
            2L << 40); // apart from NIO2's and InProcessPipe's ids in logs

    private final long id = IDS.incrementAndGet();
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final IoHandler handler;
    private final SocketAddress remote;
    private final AtomicBoolean closedSignalled = new AtomicBoolean();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition readable = lock.newCondition();
    private final Condition writable = lock.newCondition();
    private final ArrayDeque<Write> writes = new ArrayDeque<>();
    private boolean suspended;
    private volatile IoWriteFuture lastWrite;

    private record Write(Buffer buffer, WriteFuture future) {
    }

    /** {@code remote}: the client's address as the handler should see it (the TCP peer's). */
    private SocketSession(Socket socket, IoHandler handler, SocketAddress remote) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        this.handler = handler;
        this.remote = remote;
    }

    /**
     * Serves {@code socket} with {@code handler} (an SSH server's session factory): the handler's
     * sessionCreated runs on this thread, and if it refuses (a handshake limit) the socket is closed.
     */
    public static void serve(Socket socket, IoHandler handler) throws Exception {
        SocketSession s = new SocketSession(socket, handler, socket.getRemoteSocketAddress());
        try {
            handler.sessionCreated(s);
        } catch (Exception | Error e) {
            s.close(true);
            throw e;
        }
        s.startThreads();
    }

    /** A connect whose socket is already open, for a MINA client's connector (RoutedIo). */
    public static IoConnectFuture connected(Socket socket, IoHandler handler, AttributeRepository context) {
        DefaultIoConnectFuture future = new DefaultIoConnectFuture(socket.getRemoteSocketAddress(), null);
        try {
            SocketSession s = new SocketSession(socket, handler, socket.getRemoteSocketAddress());
            if (context != null) {
                s.setAttribute(AttributeRepository.class, context); // as NIO2 does, for MINA's client
            }
            try {
                handler.sessionCreated(s);
            } catch (Exception | Error e) {
                s.close(true);
                throw e;
            }
            future.setSession(s);
            s.startThreads();
        } catch (Throwable e) {
            closeQuietly(socket);
            future.setException(e);
        }
        return future;
    }

    private void startThreads() {
        Thread.ofVirtual().name("routed-read-" + id).start(this::readLoop);
        Thread.ofVirtual().name("routed-write-" + id).start(this::writeLoop);
    }

    private void readLoop() {
        byte[] buf = new byte[READ_BUFFER];
        try {
            while (!isClosing()) {
                lock.lock();
                try {
                    while (suspended && !isClosing()) {
                        readable.await();
                    }
                } finally {
                    lock.unlock();
                }
                int n = in.read(buf);
                if (n < 0) {
                    break;
                }
                // The handler may keep the buffer's bytes only until it returns (as with NIO2's buffer).
                // As an I/O thread ("internal", as NIO2 marks its own): MINA then queues writes made
                // during a key exchange instead of waiting for the exchange, which this thread drives.
                ByteArrayBuffer message = new ByteArrayBuffer(buf, 0, n);
                org.apache.sshd.common.util.threads.ThreadUtils.runAsInternal(() -> {
                    handler.messageReceived(this, message);
                    return null;
                });
            }
        } catch (Throwable t) {
            if (!isClosing()) {
                try {
                    handler.exceptionCaught(this, t);
                } catch (Throwable ignored) {
                    // the handler closes on its own failures
                }
            }
        }
        close(true);
    }

    private void writeLoop() {
        while (true) {
            Write w;
            lock.lock();
            try {
                while (writes.isEmpty() && !isClosing()) {
                    writable.awaitUninterruptibly();
                }
                w = writes.poll();
            } finally {
                lock.unlock();
            }
            if (w == null) {
                return; // closing, nothing left
            }
            try {
                Buffer b = w.buffer();
                out.write(b.array(), b.rpos(), b.available());
                out.flush();
                w.future().setValue(Boolean.TRUE);
            } catch (IOException | RuntimeException e) {
                w.future().setValue(e);
                close(true);
            }
        }
    }

    @Override
    public IoWriteFuture writeBuffer(Buffer buffer) {
        WriteFuture future = new WriteFuture(this);
        lock.lock();
        try {
            if (isClosing()) {
                future.setValue(new EOFException("connection closed"));
                return future;
            }
            // No copy: as with NIO2, the caller leaves the buffer alone until the future is done.
            writes.add(new Write(buffer, future));
            writable.signal();
        } finally {
            lock.unlock();
        }
        lastWrite = future;
        return future;
    }

    @Override
    public void suspendRead() {
        lock.lock();
        try {
            suspended = true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void resumeRead() {
        lock.lock();
        try {
            suspended = false;
            readable.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void shutdownOutputStream() throws IOException {
        socket.shutdownOutput();
    }

    @Override
    protected CloseFuture doCloseGracefully() {
        IoWriteFuture last = lastWrite;
        return last == null ? null : builder().when(last).build().close(false);
    }

    @Override
    protected void doCloseImmediately() {
        super.doCloseImmediately();
        closeQuietly(socket); // ends a blocked read or write
        ArrayDeque<Write> dropped;
        lock.lock();
        try {
            dropped = new ArrayDeque<>(writes);
            writes.clear();
            readable.signalAll();
            writable.signalAll();
        } finally {
            lock.unlock();
        }
        dropped.forEach(w -> w.future().setValue(new EOFException("connection closed")));
        if (closedSignalled.compareAndSet(false, true)) {
            try {
                handler.sessionClosed(this);
            } catch (Throwable ignored) {
                // nothing attached yet, or already closing
            }
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public long getId() {
        return id;
    }

    @Override
    public SocketAddress getAcceptanceAddress() {
        return socket.getLocalSocketAddress();
    }

    @Override
    public SocketAddress getLocalAddress() {
        return socket.getLocalSocketAddress();
    }

    @Override
    public SocketAddress getRemoteAddress() {
        return remote;
    }

    @Override
    public String toString() {
        return "SocketSession[" + id + " " + socket.getLocalSocketAddress() + " <-> " + remote + "]";
    }

    private static final class WriteFuture extends AbstractIoWriteFuture {
        WriteFuture(Object id) {
            super(id, null);
        }
    }
}
