package io.gatehouse.proxy.browser;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.sshd.client.channel.ClientChannel;
import org.apache.sshd.common.io.IoWriteFuture;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;
import org.apache.sshd.common.util.threads.ThreadUtils;
import org.jboss.logging.Logger;

/**
 * The page's input to an SSH channel (keystrokes, desktop input frames), written from the event
 * loop that received it with no thread in between (each hand-off costs latency on every key).
 * MINA allows one pending async write, so what arrives meanwhile queues and goes next in one batch;
 * what arrives before the channel is open waits for it. Past {@link #PAUSE_AT_BYTES} waiting (a
 * paste, a target that stalls) the socket is paused until the backlog is down to a quarter: the
 * page cannot fill the proxy's memory.
 */
public final class ChannelInput {
    private static final Logger LOG = Logger.getLogger(ChannelInput.class);
    public static final int PAUSE_AT_BYTES = 256 * 1024;

    private final BrowserSocket socket;
    private final ConcurrentLinkedQueue<byte[]> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger backlog = new AtomicInteger();
    private final AtomicBoolean writing = new AtomicBoolean();
    private volatile ClientChannel channel;

    public ChannelInput(BrowserSocket socket) {
        this.socket = socket;
    }

    /** The channel is open: what queued goes now. */
    public void attach(ClientChannel c) {
        channel = c;
        flush();
    }

    public void send(byte[] bytes) {
        queue.add(bytes);
        if (backlog.addAndGet(bytes.length) > PAUSE_AT_BYTES) {
            socket.ws().pause();
        }
        flush();
    }

    /** Bytes queued and not yet written to the channel. */
    int backlog() {
        return backlog.get();
    }

    private void flush() {
        ClientChannel c = channel;
        if (c == null || socket.isClosed() || !writing.compareAndSet(false, true)) {
            return;
        }
        ByteArrayBuffer batch = new ByteArrayBuffer();
        int taken = 0;
        for (byte[] b; (b = queue.poll()) != null; taken += b.length) {
            batch.putRawBytes(b);
        }
        if (taken == 0) {
            writing.set(false);
            if (!queue.isEmpty()) {
                flush(); // queued between the poll and the reset
            }
            return;
        }
        int sent = taken;
        try {
            // As MINA's own forwarding does: during a key exchange the write is queued rather than
            // blocking this thread (the event loop) until the exchange ends.
            IoWriteFuture write = ThreadUtils.runAsInternal(() -> c.getAsyncIn().writeBuffer(batch));
            write.addListener(done -> {
                writing.set(false);
                if (done.getException() != null) {
                    LOG.debugf("page input not written: %s", done.getException().getMessage());
                    return;
                }
                if (backlog.addAndGet(-sent) <= PAUSE_AT_BYTES / 4) {
                    socket.ws().resume();
                }
                flush();
            });
        } catch (Exception e) {
            writing.set(false);
            LOG.debugf("page input not written: %s", e.getMessage());
        }
    }
}
