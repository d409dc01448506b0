package io.gatehouse.agent.heartbeat;

import io.gatehouse.agent.labels.NodeLabels;
import io.gatehouse.shared.api.ApiPaths;
import io.gatehouse.shared.api.NodeHeartbeat;
import io.gatehouse.shared.api.client.MtlsJsonClient;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Announces the node every interval; auth counts it offline after three missed beats. */
public final class Heartbeat implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(Heartbeat.class);

    private final MtlsJsonClient auth;
    private final String addr;
    private final NodeLabels labels;
    private final Duration interval;

    public Heartbeat(MtlsJsonClient auth, String addr, NodeLabels labels, Duration interval) {
        this.auth = auth;
        this.addr = addr;
        this.labels = labels;
        this.interval = interval;
    }

    public void beatOnce() {
        auth.post(ApiPaths.NODE_HEARTBEAT, new NodeHeartbeat(addr, labels.current(), (interval.toSeconds() * 3) + "s"),
                Map.class);
    }

    @Override
    public void run() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                beatOnce();
            } catch (RuntimeException e) {
                LOG.warn("heartbeat to auth failed ({}); retrying", e.getMessage());
            }
            try {
                // Jitter keeps many agents from beating in lockstep after a restart.
                Thread.sleep(interval.toMillis() - ThreadLocalRandom.current().nextLong(interval.toMillis() / 10 + 1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
