package io.gatehouse.proxy.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.proxy.web.WebCaller;
import io.gatehouse.proxy.websession.WebSessions;
import io.gatehouse.shared.api.ApiJson;
import io.gatehouse.shared.api.client.AuthCallException;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.URI;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * The one way into a browser socket (web terminal, desktop, any later {@link BrowserFeature};
 * docs/web-api.md). Before the upgrade: this proxy's Origin only (a foreign page could otherwise
 * ride the user's cookie: cross-site WebSocket hijacking), a cookie that names a live web session
 * (an unknown cookie gets a 401 and no socket, so it costs nothing past one look-up), a well-formed
 * target. After it: the first
 * message must be the page's auth message, text, in one frame of at most {@link #FIRST_MESSAGE_MAX}
 * bytes, within {@link #AUTH_WAIT_MS}; anything else closes the socket. Only then does the
 * {@link BrowserBridge} start the feature's connection. Messages after that are capped by the
 * server's WebSocket limits (application.yaml: {@link #MAX_MESSAGE}), and a larger one closes the
 * socket. Every refusal has one format (BrowserRefusal).
 */
@Singleton
public class BrowserSocketGate {
    private static final Logger LOG = Logger.getLogger(BrowserSocketGate.class);
    private static final ObjectMapper JSON = ApiJson.newMapper();
    /** {"type":"auth","token":"<43 characters>"} is about 60 bytes; this leaves room and nothing more. */
    public static final int FIRST_MESSAGE_MAX = 4 * 1024;
    /** quarkus.http.websocket-server.max-message-size (and max-frame-size) in application.yaml. */
    public static final int MAX_MESSAGE = 64 * 1024;
    /**
     * What may wait in a socket's outbound queue: past it the socket reports its queue full and the
     * bridges stop reading from the node until it drains (netty's own default, spelled out).
     */
    public static final int OUTBOUND_QUEUE = 64 * 1024;
    static final long AUTH_WAIT_MS = 10_000;

    private final WebSessions sessions;
    private final SessionWatch.Watches watches;

    public BrowserSocketGate(WebSessions sessions, SessionWatch.Watches watches) {
        this.sessions = sessions;
        this.watches = watches;
    }

    /** Serves a feature's sockets at {@code path} (before the web UI's catch-all routes). */
    public <T> void route(Router router, String path, BrowserFeature<T> feature) {
        router.get(path).order(Integer.MIN_VALUE + 30).handler(rc -> upgrade(rc, feature));
    }

    <T> void upgrade(RoutingContext rc, BrowserFeature<T> feature) {
        HttpServerRequest request = rc.request();
        String origin = request.getHeader("Origin");
        if (!sameOrigin(origin, request.getHeader("Host"))) {
            LOG.warnf("refused a %s WebSocket from origin %s (host %s)", feature.name(), origin,
                    request.getHeader("Host"));
            feature.refusedRequest(request, "WebSocket from foreign origin " + origin);
            refuse(rc, 403, "access_denied", feature.name() + "s open only from pages of this proxy; origin " + origin
                    + " is not one");
            return;
        }
        Optional<String> sessionId = WebCaller.sessionId(request);
        if (sessionId.isEmpty()) {
            refuse(rc, 401, "unauthenticated", "you are not logged in: log in, then open the " + feature.name()
                    + " again");
            return;
        }
        T target;
        try {
            target = feature.target(request);
        } catch (IllegalArgumentException e) {
            refuse(rc, 400, "invalid", e.getMessage());
            return;
        }
        // The look-up blocks (a call to auth): off the event loop, with the request paused so the
        // upgrade can still happen afterwards (HttpServerRequest#toWebSocket).
        request.pause();
        Context context = Vertx.currentContext();
        Thread.ofVirtual().name("browser-socket-gate").start(() -> {
            int status = 0;
            try {
                status = sessions.isLive(sessionId.get()) ? 0 : 401;
            } catch (AuthCallException e) {
                status = 503;
            }
            int refusal = status;
            context.runOnContext(v -> {
                if (refusal != 0) {
                    request.resume();
                    refuse(rc, refusal, refusal == 401 ? "session_expired" : "unavailable", refusal == 401
                            ? "you are not logged in (or your web session ended); log in, then open the "
                            + feature.name() + " again"
                            : "the proxy cannot reach the auth service right now; retry shortly");
                    return;
                }
                request.toWebSocket().onSuccess(ws -> awaitBearer(ws, feature, sessionId.get(), target))
                        .onFailure(e -> LOG.warnf("%s WebSocket upgrade failed: %s", feature.name(), e.getMessage()));
            });
        });
    }

    /** Until the bearer arrives the socket holds one small frame at most, then the bridge or a close. */
    private <T> void awaitBearer(ServerWebSocket ws, BrowserFeature<T> feature, String sessionId, T target) {
        ws.setWriteQueueMaxSize(OUTBOUND_QUEUE);
        Vertx vertx = Vertx.currentContext().owner();
        AtomicBoolean waiting = new AtomicBoolean(true);
        long timer = vertx.setTimer(AUTH_WAIT_MS, id -> {
            if (waiting.compareAndSet(true, false)) {
                BrowserRefusal.refuseOnSocket(ws, "unauthenticated",
                        "the page sent no credentials within 10 s; reload it");
            }
        });
        ws.frameHandler(frame -> {
            if (frame.isClose() || !waiting.compareAndSet(true, false)) {
                return;
            }
            vertx.cancelTimer(timer);
            Optional<String> bearer = bearerOf(frame);
            if (bearer.isEmpty()) {
                LOG.infof("closed a %s WebSocket whose first message was not the page's auth message (%d bytes)",
                        feature.name(), frame.binaryData().length());
                BrowserRefusal.refuseOnSocket(ws, "unauthenticated",
                        "the first message must be the page's {\"type\":\"auth\",...} "
                        + "(text, at most " + FIRST_MESSAGE_MAX + " bytes); reload the page");
                return;
            }
            ws.exceptionHandler(e -> tooLarge(ws, feature, e));
            new BrowserBridge<>(ws, sessionId, bearer.get(), feature, target, sessions, watches).start();
        });
    }

    /** Vert.x reports a message over the limit as an exception and keeps the socket: close it. */
    private static void tooLarge(ServerWebSocket ws, BrowserFeature<?> feature, Throwable e) {
        if (e instanceof IllegalStateException && String.valueOf(e.getMessage()).contains("max message size")) {
            BrowserRefusal.refuseOnSocket(ws, "invalid", "the page sent a message larger than the "
                    + (MAX_MESSAGE / 1024) + " KiB a " + feature.name() + " takes; reload the page");
        } else {
            LOG.debugf("%s WebSocket: %s", feature.name(), e.getMessage());
        }
    }

    /** The token of a first message {"type":"auth","token":"..."}: one final text frame, small. */
    static Optional<String> bearerOf(WebSocketFrame frame) {
        if (!frame.isText() || !frame.isFinal() || frame.binaryData().length() > FIRST_MESSAGE_MAX) {
            return Optional.empty();
        }
        try {
            JsonNode message = JSON.readTree(frame.textData());
            String token = message.path("token").asText("");
            return "auth".equals(message.path("type").asText()) && !token.isBlank() ? Optional.of(token)
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Origin must be https://<the Host this request came to>, default port spelled or not. */
    public static boolean sameOrigin(String origin, String host) {
        if (origin == null || host == null) {
            return false;
        }
        try {
            URI o = URI.create(origin);
            URI h = URI.create("https://" + host);
            int oPort = o.getPort() == -1 ? 443 : o.getPort();
            int hPort = h.getPort() == -1 ? 443 : h.getPort();
            return "https".equalsIgnoreCase(o.getScheme()) && o.getHost() != null
                    && o.getHost().equalsIgnoreCase(h.getHost()) && oPort == hPort
                    && (o.getPath() == null || o.getPath().isEmpty());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static void refuse(RoutingContext rc, int status, String code, String message) {
        BrowserRefusal.refuseUpgrade(rc, status, code, message);
    }
}
