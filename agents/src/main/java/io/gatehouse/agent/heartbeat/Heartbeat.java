package io.gatehouse.agent.heartbeat;

import io.gatehouse.shared.api.InventoryHeartbeat;
import io.gatehouse.shared.api.client.MtlsJsonClient;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Announces what one of the agent's services serves (the node itself, its desktops...) every
 * interval through auth's one inventory path; auth counts an entry offline after three missed
 * beats. Entries auth refuses (a name another agent holds, a malformed one) are logged with why.
 */
public final class Heartbeat implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(Heartbeat.class);

    private final MtlsJsonClient auth;
    private final String kind;
    private final Supplier<List<InventoryHeartbeat.Entry>> entries;
    private final Duration interval;

    /** @param entries read at every beat, so labels that change (command labels) go out with the next one */
    public Heartbeat(MtlsJsonClient auth, String kind, Supplier<List<InventoryHeartbeat.Entry>> entries,
            Duration interval) {
        this.auth = auth;
        this.kind = kind;
        this.entries = entries;
        this.interval = interval;
    }

    public void beatOnce() {
        var result = auth.agent().heartbeat(new InventoryHeartbeat(kind, entries.get(),
                (interval.toSeconds() * 3) + "s"));
        if (result.refused() != null && !result.refused().isEmpty()) {
            LOG.warn("auth did not take some {} entries: {}", kind, result.refused());
        }
    }

    @Override
    public void run() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                beatOnce();
            } catch (RuntimeException e) {
                if (Thread.currentThread().isInterrupted()) {
                    return; // its service stopped mid-beat: nothing failed
                }
                LOG.warn("{} heartbeat to auth failed ({}); retrying", kind, e.getMessage());
            }
            try {
                // Jitter keeps many agents from beating in lockstep after a restart.
                Thread.sleep(interval.toMillis() - java.util.concurrent.ThreadLocalRandom.current()
                        .nextLong(interval.toMillis() / 10 + 1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
