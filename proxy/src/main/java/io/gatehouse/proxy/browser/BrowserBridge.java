package io.gatehouse.proxy.browser;

import io.gatehouse.proxy.web.WebCaller;
import io.gatehouse.proxy.websession.WebSessions;
import io.gatehouse.shared.api.WebSessionDto;
import io.gatehouse.shared.api.client.AuthCallException;
import io.gatehouse.shared.cert.UserIdentity;
import io.vertx.core.http.ServerWebSocket;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * The shared middle of every browser socket, once the gate let the page in (cookie and bearer):
 * the session look-up (with the private key, for the login to the target), the {@link SessionWatch}
 * that ends the socket on logout, revocation, certificate expiry or the end of the access request,
 * the mapping of failures to the one refusal format, and the clean-up whoever ends the socket. The
 * feature's {@link BrowserConnection} only checks and dials its target and relays its bytes.
 */
final class BrowserBridge<T> implements BrowserSocket {
    private static final Logger LOG = Logger.getLogger(BrowserBridge.class);

    private final ServerWebSocket ws;
    private final String sessionId;
    private final String bearer;
    private final BrowserFeature<T> feature;
    private final T target;
    private final WebSessions sessions;
    private final SessionWatch.Watches watches;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean cleaned = new AtomicBoolean();
    private volatile BrowserConnection connection;
    private volatile SessionWatch watch;

    BrowserBridge(ServerWebSocket ws, String sessionId, String bearer, BrowserFeature<T> feature, T target,
            WebSessions sessions, SessionWatch.Watches watches) {
        this.ws = ws;
        this.sessionId = sessionId;
        this.bearer = bearer;
        this.feature = feature;
        this.target = target;
        this.sessions = sessions;
        this.watches = watches;
    }

    void start() {
        connection = feature.connect(target, this);
        ws.textMessageHandler(this::onText);
        ws.binaryMessageHandler(message -> {
            if (!closed.get()) {
                connection.fromPage(message);
            }
        });
        ws.closeHandler(v -> cleanUp());
        Thread.ofVirtual().name("browser-" + feature.name()).start(this::open);
    }

    private void onText(String text) {
        BrowserMessage message;
        try {
            message = BrowserMessage.parse(text);
        } catch (BrowserMessage.MalformedMessage e) {
            end("invalid", e.getMessage());
            return;
        }
        if (message instanceof BrowserMessage.Auth) {
            // The page's auth message went to the gate before this bridge existed.
            LOG.debugf("ignored a second auth message on a %s socket", feature.name());
        } else if (!closed.get()) {
            connection.control(message);
        }
    }

    private void open() {
        String user = "";
        try {
            WebSessionDto.Session session = sessions.lookup(sessionId, bearer, true, true, false);
            UserIdentity identity = WebCaller.acting(session, sessionId).user();
            user = identity.username();
            watch = watches.watch(sessionId, bearer, session, feature.what(), this::end);
            if (closed.get()) {
                watch.close(); // the page went away meanwhile: nothing to open
                return;
            }
            connection.open(new BrowserCaller(session, identity));
        } catch (Refused r) {
            feature.refused(user, target, r.getMessage(), String.valueOf(ws.remoteAddress()));
            end(r.code(), r.getMessage());
        } catch (AuthCallException e) {
            end(e.status() == 0 ? "unavailable" : e.code(), e.status() == 0
                    ? "the proxy cannot reach the auth service right now; retry shortly" : e.getMessage());
        } catch (IOException | RuntimeException e) {
            LOG.warnf("web %s of %s failed: %s", feature.name(), user.isEmpty() ? "?" : user, e.toString());
            end("offline", connection.cannotOpen(e));
        }
    }

    @Override
    public ServerWebSocket ws() {
        return ws;
    }

    @Override
    public void end(String code, String message) {
        finish(BrowserRefusal.message(code, message));
    }

    @Override
    public void finish(Map<String, Object> last) {
        if (closed.compareAndSet(false, true)) {
            BrowserRefusal.sendLast(ws, last, BrowserRefusal.NORMAL);
            cleanUp();
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                ws.close(BrowserRefusal.NORMAL, "closed");
            } catch (IllegalStateException e) {
                // the page closed it first
            }
            cleanUp();
        }
    }

    @Override
    public boolean isClosed() {
        return closed.get();
    }

    @Override
    public Optional<SessionWatch.Ended> endedNow() {
        SessionWatch w = watch;
        return w == null ? Optional.empty() : w.endedNow();
    }

    private void cleanUp() {
        closed.set(true);
        SessionWatch w = watch;
        if (w != null) {
            w.close();
        }
        if (cleaned.compareAndSet(false, true)) {
            try {
                connection.close();
            } catch (RuntimeException e) {
                LOG.debugf("%s clean-up: %s", feature.name(), e.getMessage());
            }
        }
    }
}
