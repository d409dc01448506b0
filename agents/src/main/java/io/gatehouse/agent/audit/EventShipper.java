package io.gatehouse.agent.audit;

import io.gatehouse.shared.api.NodeEvent;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains the spool to auth in batches, oldest first; on failure it keeps the events and retries
 * with capped exponential backoff and jitter, so an auth restart loses nothing and a flood of
 * agents does not return all at once.
 */
public final class EventShipper implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(EventShipper.class);
    static final int BATCH = 500; // auth takes at most 500 events a call (NodeEvents.MAX_BATCH)
    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final EventSpool spool;
    private final Function<NodeEvent.Batch, NodeEvent.Ack> send;
    private final Duration idle;
    private volatile boolean running = true;

    public EventShipper(EventSpool spool, Function<NodeEvent.Batch, NodeEvent.Ack> send, Duration idle) {
        this.spool = spool;
        this.send = send;
        this.idle = idle;
    }

    /** One pass: ships everything pending now. @return how many events auth acknowledged */
    public int drainOnce() throws IOException {
        int shipped = 0;
        while (true) {
            List<NodeEvent> batch = spool.oldest(BATCH);
            if (batch.isEmpty()) {
                return shipped;
            }
            NodeEvent.Ack ack = send.apply(new NodeEvent.Batch(batch));
            spool.acknowledge(ack.stored());
            shipped += ack.stored().size();
            if (ack.stored().size() < batch.size()) {
                return shipped;
            }
        }
    }

    @Override
    public void run() {
        long backoffMs = 500;
        while (running) {
            try {
                drainOnce();
                backoffMs = 500;
                Thread.sleep(idle.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException | IOException e) {
                long jittered = backoffMs / 2 + ThreadLocalRandom.current().nextLong(backoffMs / 2 + 1);
                LOG.warn("cannot deliver audit events to auth ({}); retrying in {} ms, nothing is lost",
                        e.getMessage(), jittered);
                try {
                    Thread.sleep(jittered);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
                backoffMs = Math.min(backoffMs * 2, MAX_BACKOFF.toMillis());
            }
        }
    }

    public void stop() {
        running = false;
    }
}
