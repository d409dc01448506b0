package io.gatehouse.proxy.desktop;

import java.io.IOException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.sshd.client.channel.ClientChannel;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;
import org.jboss.logging.Logger;

/**
 * Input frames to the agent's channel: MINA allows one pending async write, so frames queue and
 * go in batches; what arrives before the channel is open waits for it. The bridge pauses the
 * WebSocket while the backlog is large (a stalled agent must not fill the proxy's memory).
 */
final class ChannelWriter {
    private static final Logger LOG = Logger.getLogger(ChannelWriter.class);
    private final ConcurrentLinkedQueue<byte[]> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger backlog = new AtomicInteger();
    private final AtomicBoolean writing = new AtomicBoolean();
    private volatile ClientChannel channel;
    private volatile Runnable drained;

    void attach(ClientChannel c) {
        channel = c;
        flush();
    }

    void send(byte[] framed) {
        queue.add(framed);
        backlog.addAndGet(framed.length);
        flush();
    }

    /** Bytes queued and not yet written to the channel. */
    int backlog() {
        return backlog.get();
    }

    void onDrained(Runnable r) {
        drained = r;
    }

    private void flush() {
        ClientChannel c = channel;
        if (c == null || !writing.compareAndSet(false, true)) {
            return;
        }
        ByteArrayBuffer batch = new ByteArrayBuffer();
        int taken = 0;
        for (byte[] f; (f = queue.poll()) != null; taken += f.length) {
            batch.putRawBytes(f);
        }
        if (taken == 0) {
            writing.set(false);
            if (!queue.isEmpty()) {
                flush();
            }
            return;
        }
        int sent = taken;
        try {
            c.getAsyncIn().writeBuffer(batch).addListener(done -> {
                writing.set(false);
                if (done.getException() != null) {
                    LOG.debugf("desktop input not written: %s", done.getException().getMessage());
                    return;
                }
                if (backlog.addAndGet(-sent) < 64 * 1024) {
                    Runnable r = drained;
                    drained = null;
                    if (r != null) {
                        r.run();
                    }
                }
                flush();
            });
        } catch (IOException | RuntimeException e) {
            writing.set(false);
            LOG.debugf("desktop input not written: %s", e.getMessage());
        }
    }
}
