package io.gatehouse.proxy.websession;

import io.gatehouse.shared.api.client.AuthCallException;
import io.vertx.core.Vertx;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import org.jboss.logging.Logger;

/**
 * Ties an open browser connection (a web terminal, a desktop) to its web session: a logout through
 * this proxy ends it at once; a logout on another proxy, a revocation or the session's expiry end it
 * within {@link #CHECK_MS}, found by looking the session up again. Auth being unreachable for a
 * moment keeps the connection (the next look-up decides).
 */
public final class SessionWatch implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(SessionWatch.class);
    static final long CHECK_MS = 10_000;

    private final Vertx vertx;
    private final AutoCloseable logoutHook;
    private final long timer;
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * Starts watching. {@code end} receives the error code and a message for the page ({@code loggedOut}
     * after a logout here); the caller closes this watch when the connection ends, whyever it ends.
     */
    public SessionWatch(WebSessions sessions, Vertx vertx, String sessionId, String bearer, String loggedOut,
            BiConsumer<String, String> end) {
        this.vertx = vertx;
        this.logoutHook = sessions.onEnd(sessionId, () -> end.accept("session_expired", loggedOut));
        this.timer = vertx.setPeriodic(CHECK_MS, id -> Thread.ofVirtual().name("web-session-check").start(() -> {
            if (closed.get()) {
                return;
            }
            try {
                sessions.lookup(sessionId, bearer, true, false, false);
            } catch (AuthCallException e) {
                if (e.status() == 401 || e.status() == 403) {
                    end.accept("session_expired", e.getMessage());
                }
            }
        }));
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        vertx.cancelTimer(timer);
        try {
            logoutHook.close();
        } catch (Exception e) {
            LOG.debugf("web session watch: %s", e.getMessage());
        }
    }
}
