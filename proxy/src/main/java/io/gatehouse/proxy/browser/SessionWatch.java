package io.gatehouse.proxy.browser;

import io.gatehouse.proxy.websession.WebSessions;
import io.gatehouse.shared.api.AccessRequestDto;
import io.gatehouse.shared.api.WebSessionDto;
import io.gatehouse.shared.api.client.AuthCallException;
import io.gatehouse.shared.cert.IdentityCodec;
import io.gatehouse.shared.cert.Keys;
import io.gatehouse.shared.cert.UserIdentity;
import io.vertx.core.Vertx;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import org.jboss.logging.Logger;

/**
 * Ties an open browser connection (a web terminal, a desktop) to what it was opened with. It ends:
 * at once on a logout through this proxy; within {@link #CHECK_MS} on a logout elsewhere, a
 * revocation or the session's expiry (found by looking the session up again); when the
 * certificate it was opened with expires (a timer at its end: an assumed access request's
 * certificate ends with the request); and within {@link AccessRequestWatch#CHECK_MS} when the
 * access request it was opened under is cancelled or gone. Auth being unreachable for a moment
 * keeps the connection (the next look-up decides), but never past the certificate's end.
 */
public final class SessionWatch implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(SessionWatch.class);
    static final long CHECK_MS = 10_000;
    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    /** Starts watches; one per proxy. */
    @Singleton
    public static final class Watches {
        private final WebSessions sessions;
        private final AccessRequestWatch requests;
        private final Vertx vertx;

        public Watches(WebSessions sessions, AccessRequestWatch requests, Vertx vertx) {
            this.sessions = sessions;
            this.requests = requests;
            this.vertx = vertx;
        }

        /**
         * Starts watching a connection opened with {@code opened}; {@code what} names it for the
         * person ("this terminal"). {@code end} receives an error code and a message for the page;
         * the caller closes the watch when the connection ends, whyever it ends.
         */
        public SessionWatch watch(String sessionId, String bearer, WebSessionDto.Session opened, String what,
                BiConsumer<String, String> end) {
            return new SessionWatch(this, sessionId, bearer, opened, what, end);
        }
    }

    private final Vertx vertx;
    private final AutoCloseable logoutHook;
    private final AutoCloseable requestHook;
    private final long timer;
    private final long expiryTimer;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final UserIdentity identity;
    private final AccessRequestWatch requests;
    private final String what;

    /** Why access ended, as the code and message the page gets. */
    public record Ended(String code, String message) {
    }

    private SessionWatch(Watches w, String sessionId, String bearer, WebSessionDto.Session opened, String what,
            BiConsumer<String, String> end) {
        this.vertx = w.vertx;
        UserIdentity identity = IdentityCodec.userFromX509(Keys.parseCertificatePem(opened.tlsCertificate()));
        this.identity = identity;
        this.requests = w.requests;
        this.what = what;
        Optional<String> request = identity.activeRequest();
        this.logoutHook = w.sessions.onEnd(sessionId, () -> end.accept("session_expired", "you logged out: " + what
                + " is closed"));
        this.requestHook = request.isEmpty() ? () -> { } : w.requests.watch(request.get(), state -> end.accept(
                "access_expired", requestEnded(state, what)));
        long untilExpiry = identity.expires().toEpochMilli() - System.currentTimeMillis();
        this.expiryTimer = vertx.setTimer(Math.max(1, untilExpiry), id -> end.accept(request.isPresent()
                ? "access_expired" : "session_expired", certificateExpired(identity, what)));
        this.timer = vertx.setPeriodic(CHECK_MS, id -> Thread.ofVirtual().name("web-session-check").start(() -> {
            if (closed.get()) {
                return;
            }
            try {
                w.sessions.lookup(sessionId, bearer, true, false, false);
            } catch (AuthCallException e) {
                if (e.status() == 401 || e.status() == 403) {
                    end.accept("session_expired", e.getMessage());
                }
            }
        }));
    }

    /**
     * Whether the access this connection was opened with has ended now — its certificate expired,
     * or its access request is no longer in force (asks auth: call off the event loop). The node
     * ends its side at the same moments, so a connection the node just closed is explained by this
     * rather than as "the node went away".
     */
    public Optional<Ended> endedNow() {
        if (!identity.expires().isAfter(Instant.now())) {
            return Optional.of(new Ended(identity.activeRequest().isPresent() ? "access_expired" : "session_expired",
                    certificateExpired(identity, what)));
        }
        return identity.activeRequest().flatMap(requests::stateNow).filter(s -> !s.inForce(Instant.now()))
                .map(s -> new Ended("access_expired", requestEnded(s, what)));
    }

    static String certificateExpired(UserIdentity identity, String what) {
        String at = HH_MM.format(identity.expires());
        return identity.activeRequest().map(id -> "your access request " + id + " expired at " + at + ": " + what
                + " used its roles and is closed; request access again to continue").orElse("the certificate "
                + what + " was opened with expired at " + at + "; log in again");
    }

    static String requestEnded(AccessRequestDto.StateView state, String what) {
        String how = switch (state.state()) {
            case "cancelled" -> "was cancelled (seen at " + HH_MM.format(Instant.now()) + ")";
            case "unknown" -> "no longer exists (seen at " + HH_MM.format(Instant.now()) + ")";
            default -> state.expires() != null && !state.expires().isAfter(Instant.now())
                    ? "expired at " + HH_MM.format(state.expires())
                    : "is " + state.state() + " (seen at " + HH_MM.format(Instant.now()) + ")";
        };
        return "your access request " + state.id() + " " + how + ": " + what
                + " used its roles and is closed; request access again to continue";
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        vertx.cancelTimer(timer);
        vertx.cancelTimer(expiryTimer);
        for (AutoCloseable hook : new AutoCloseable[] {logoutHook, requestHook}) {
            try {
                hook.close();
            } catch (Exception e) {
                LOG.debugf("web session watch: %s", e.getMessage());
            }
        }
    }
}
