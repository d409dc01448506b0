package io.gatehouse.proxy.audit;

import io.gatehouse.proxy.authclient.AuthConnection;
import io.gatehouse.shared.api.ApiPaths;
import io.gatehouse.shared.api.NodeEvent;
import io.gatehouse.shared.audit.EventType;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Reports the proxy's SSH refusals (a certificate that is not the cluster's, a node the user's
 * roles do not reach, an unknown or offline node) to auth's audit log, as ssh.login_refused
 * events. Callers sit on SSH I/O threads, so reporting only queues; a virtual thread ships batches
 * and retries while auth is away. The queue is bounded: under a flood the oldest are dropped and
 * the drop is counted in the log rather than exhausting memory. Before that, a source that keeps
 * being refused (keys offered to :3023 by a scanner, foreign-Origin sockets) gets its first few
 * refusals per minute reported one by one and the rest as one summary with a count (FloodGuard).
 */
@ApplicationScoped
public class RefusalAudit {
    private static final Logger LOG = Logger.getLogger(RefusalAudit.class);
    static final int CAPACITY = 10_000;
    private static final int BATCH = 200;
    static final int PER_SOURCE_PER_WINDOW = 10;
    static final java.time.Duration WINDOW = java.time.Duration.ofSeconds(60);

    private final AuthConnection connection;
    private final LinkedBlockingDeque<NodeEvent> queue = new LinkedBlockingDeque<>(CAPACITY);
    private final AtomicLong dropped = new AtomicLong();
    private final FloodGuard guard = new FloodGuard(PER_SOURCE_PER_WINDOW, WINDOW, 10_000, System::nanoTime);
    private volatile Thread shipper;

    public RefusalAudit(AuthConnection connection) {
        this.connection = connection;
    }

    /**
     * @param user the certificate's user, or what the client claimed when there was no valid one
     * @param target the node asked for, or null when refused before asking for one
     */
    public void refused(String user, String target, String reason, String remote) {
        if (!guard.admit(FloodGuard.source(remote))) {
            return;
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("at", "proxy");
        fields.put("reason", reason);
        fields.put("remote_addr", remote);
        if (target != null) {
            fields.put("target", target);
        }
        enqueue(new NodeEvent(UUID.randomUUID().toString(), EventType.SSH_LOGIN_REFUSED.id(), false,
                Instant.now(), user, target == null ? "proxy" : "node/" + target, fields));
    }

    /**
     * A connection the web port's TLS router closed before any service saw it (not TLS, an ALPN
     * name it does not serve). Audited with the SSH refusals, the only kind auth takes from a proxy.
     */
    public void refusedConnection(String reason, String remote) {
        if (!guard.admit(FloodGuard.source(remote))) {
            return;
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("at", "proxy");
        fields.put("listener", "web port (TLS routing)");
        fields.put("reason", reason);
        fields.put("remote_addr", remote);
        enqueue(new NodeEvent(UUID.randomUUID().toString(), EventType.SSH_LOGIN_REFUSED.id(), false, Instant.now(),
                "", "proxy", fields));
    }

    /** A desktop session the proxy refused before any agent saw it (unknown, offline, no role). */
    public void refusedDesktop(String user, String desktop, String login, String reason, String remote) {
        if (!guard.admit(FloodGuard.source(remote))) {
            return;
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("at", "proxy");
        fields.put("desktop", desktop);
        fields.put("login", login);
        fields.put("reason", reason);
        fields.put("remote_addr", remote);
        enqueue(new NodeEvent(UUID.randomUUID().toString(), EventType.DESKTOP_REFUSED.id(), false, Instant.now(),
                user, "desktop/" + desktop, fields));
    }

    /**
     * A database connection the proxy refused before any agent saw it (no or a foreign
     * certificate, a route the client's start-up does not match, an unknown or offline database,
     * no role), as db.session.refused. Never the query or the client's password: there are none yet.
     */
    public void refusedDatabase(String user, String db, String dbUser, String dbName, String protocol, String reason,
            String remote) {
        if (!guard.admit(FloodGuard.source(remote))) {
            return;
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("at", "proxy");
        if (!db.isEmpty()) {
            fields.put("db", db); // auth holds a db field to name the event's resource
        }
        fields.put("db_user", dbUser);
        fields.put("db_name", dbName);
        fields.put("protocol", protocol);
        fields.put("reason", reason);
        fields.put("client_addr", remote);
        fields.put("remote_addr", remote);
        enqueue(new NodeEvent(UUID.randomUUID().toString(), EventType.DB_SESSION_REFUSED.id(), false, Instant.now(),
                user, db.isEmpty() ? "proxy" : "db/" + db, fields));
    }

    /**
     * An app connection the proxy refused before any agent saw it (no or a foreign certificate, no
     * app route, an unknown or offline app, no role), as app.session.refused. Nothing of the stream:
     * there is none yet.
     */
    public void refusedApp(String user, String app, String reason, String remote) {
        if (!guard.admit(FloodGuard.source(remote))) {
            return;
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("at", "proxy");
        if (!app.isEmpty()) {
            fields.put("app", app);
        }
        fields.put("reason", reason);
        fields.put("client_addr", remote);
        fields.put("remote_addr", remote);
        enqueue(new NodeEvent(UUID.randomUUID().toString(), EventType.APP_SESSION_REFUSED.id(), false, Instant.now(),
                user, app.isEmpty() ? "proxy" : "app/" + app, fields));
    }

    private void enqueue(NodeEvent e) {
        while (!queue.offerLast(e)) {
            if (queue.pollFirst() != null) {
                dropped.incrementAndGet();
            }
        }
    }

    void start(@Observes StartupEvent event) {
        shipper = Thread.ofVirtual().name("refusal-audit").start(this::ship);
    }

    void stop(@Observes ShutdownEvent event) {
        Thread t = shipper;
        if (t != null) {
            t.interrupt();
        }
    }

    /** One event for the refusals of a source that FloodGuard held back in a window. */
    private void summarise(FloodGuard.Summary s) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("at", "proxy");
        fields.put("summary", true);
        fields.put("count", s.count());
        fields.put("window_seconds", s.window().toSeconds());
        fields.put("remote_addr", s.source());
        fields.put("reason", s.count() + " more refusals from " + s.source() + " within " + s.window().toSeconds()
                + " s, summarised (the first " + PER_SOURCE_PER_WINDOW + " are reported one by one)");
        enqueue(new NodeEvent(UUID.randomUUID().toString(), EventType.SSH_LOGIN_REFUSED.id(), false, Instant.now(),
                "", "proxy", fields));
    }

    private void ship() {
        List<NodeEvent> batch = new ArrayList<>();
        while (!Thread.currentThread().isInterrupted()) {
            try {
                if (batch.isEmpty()) {
                    NodeEvent first = queue.pollFirst(5, TimeUnit.SECONDS);
                    guard.drainEnded().forEach(this::summarise);
                    if (first == null && queue.isEmpty()) {
                        continue;
                    }
                    if (first != null) {
                        batch.add(first);
                    }
                    queue.drainTo(batch, BATCH - batch.size());
                }
                connection.auth().post(ApiPaths.NODE_EVENTS, new NodeEvent.Batch(batch), NodeEvent.Ack.class);
                batch.clear();
                long lost = dropped.getAndSet(0);
                if (lost > 0) {
                    LOG.warnf("%d SSH refusals were not audited: more than %d waited while auth was unreachable",
                            lost, CAPACITY);
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warnf("cannot send %d SSH refusal events to auth (%s); retrying", batch.size(), e.getMessage());
                try {
                    TimeUnit.SECONDS.sleep(2);
                } catch (InterruptedException stop) {
                    return;
                }
            }
        }
    }
}
