package io.gatehouse.proxy.websession;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.proxy.web.WebCaller;
import io.gatehouse.shared.api.ApiError;
import io.gatehouse.shared.api.ApiJson;
import io.gatehouse.shared.api.client.AuthCallException;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.URI;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * The one way into a browser socket (web terminal, desktop; docs/web-api.md). Before the upgrade:
 * this proxy's Origin only (a foreign page could otherwise ride the user's cookie: cross-site
 * WebSocket hijacking), a cookie that names a live web session (an unknown cookie gets a 401 and
 * no socket, so it costs nothing past one look-up), a well-formed target. After it: the first
 * message must be the page's auth message, text, in one frame of at most {@link #FIRST_MESSAGE_MAX}
 * bytes, within {@link #AUTH_WAIT_MS}; anything else closes the socket. Only then does the kind's
 * bridge open. Messages after that are capped by the server's WebSocket limits (application.yaml:
 * {@link #MAX_MESSAGE}), and a larger one closes the socket.
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

    /** One kind of browser socket: its target, how its page is told of a failure, and its bridge. */
    public interface Kind<T> {
        /** "terminal", "desktop": for messages and logs. */
        String name();

        /** The target from the query; IllegalArgumentException with a message for the person. */
        T target(HttpServerRequest request);

        /** Audits a socket from a foreign page. */
        void foreignOrigin(HttpServerRequest request, String reason);

        /** Tells the page why in the kind's own protocol, then closes. */
        void fail(ServerWebSocket ws, String code, String message);

        /** The page proved itself (cookie and bearer): the bridge takes over the socket. */
        void open(ServerWebSocket ws, String sessionId, String bearer, T target);
    }

    private final WebSessions sessions;

    public BrowserSocketGate(WebSessions sessions) {
        this.sessions = sessions;
    }

    public <T> void upgrade(RoutingContext rc, Kind<T> kind) {
        HttpServerRequest request = rc.request();
        String origin = request.getHeader("Origin");
        if (!sameOrigin(origin, request.getHeader("Host"))) {
            LOG.warnf("refused a %s WebSocket from origin %s (host %s)", kind.name(), origin, request.getHeader("Host"));
            kind.foreignOrigin(request, "WebSocket from foreign origin " + origin);
            refuse(rc, 403, "access_denied", kind.name() + "s open only from pages of this proxy; origin " + origin
                    + " is not one");
            return;
        }
        Optional<String> sessionId = WebCaller.sessionId(request);
        if (sessionId.isEmpty()) {
            refuse(rc, 401, "unauthenticated", "you are not logged in: log in, then open the " + kind.name() + " again");
            return;
        }
        T target;
        try {
            target = kind.target(request);
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
                            + kind.name() + " again"
                            : "the proxy cannot reach the auth service right now; retry shortly");
                    return;
                }
                request.toWebSocket().onSuccess(ws -> awaitBearer(ws, kind, sessionId.get(), target))
                        .onFailure(e -> LOG.warnf("%s WebSocket upgrade failed: %s", kind.name(), e.getMessage()));
            });
        });
    }

    /** Until the bearer arrives the socket holds one small frame at most, then the bridge or a close. */
    private <T> void awaitBearer(ServerWebSocket ws, Kind<T> kind, String sessionId, T target) {
        ws.setWriteQueueMaxSize(OUTBOUND_QUEUE);
        Vertx vertx = Vertx.currentContext().owner();
        AtomicBoolean waiting = new AtomicBoolean(true);
        long timer = vertx.setTimer(AUTH_WAIT_MS, id -> {
            if (waiting.compareAndSet(true, false)) {
                kind.fail(ws, "unauthenticated", "the page sent no credentials within 10 s; reload it");
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
                        kind.name(), frame.binaryData().length());
                kind.fail(ws, "unauthenticated", "the first message must be the page's {\"type\":\"auth\",...} "
                        + "(text, at most " + FIRST_MESSAGE_MAX + " bytes); reload the page");
                return;
            }
            ws.exceptionHandler(e -> tooLarge(ws, kind, e));
            kind.open(ws, sessionId, bearer.get(), target);
        });
    }

    /** Vert.x reports a message over the limit as an exception and keeps the socket: close it. */
    private static void tooLarge(ServerWebSocket ws, Kind<?> kind, Throwable e) {
        if (e instanceof IllegalStateException && String.valueOf(e.getMessage()).contains("max message size")) {
            kind.fail(ws, "invalid", "the page sent a message larger than the " + (MAX_MESSAGE / 1024) + " KiB a "
                    + kind.name() + " takes; reload the page");
        } else {
            LOG.debugf("%s WebSocket: %s", kind.name(), e.getMessage());
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

    /** Every refusal before the upgrade: the API's error envelope, the same for every kind. */
    private static void refuse(RoutingContext rc, int status, String code, String message) {
        try {
            rc.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                    .end(JSON.writeValueAsString(new ApiError.Envelope(ApiError.of(code, message))));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            rc.response().setStatusCode(status).end();
        }
    }
}
