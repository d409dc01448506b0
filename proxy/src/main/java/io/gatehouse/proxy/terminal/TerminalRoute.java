package io.gatehouse.proxy.terminal;

import io.gatehouse.proxy.audit.RefusalAudit;
import io.gatehouse.proxy.web.WebCaller;
import io.gatehouse.shared.api.ApiError;
import io.gatehouse.shared.api.ApiJson;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.net.URI;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * wss://proxy/v1/webapi/terminal (docs/web-api.md, "Terminal"). Before the upgrade: the Origin
 * must be this proxy (a foreign page could otherwise ride the user's cookie: cross-site
 * WebSocket hijacking) and the cookie must be there. The bearer token comes as the first
 * message, since a browser cannot set headers on a WebSocket.
 */
@Singleton
public class TerminalRoute {
    private static final Logger LOG = Logger.getLogger(TerminalRoute.class);
    public static final String PATH = "/v1/webapi/terminal";

    private final RefusalAudit refusals;
    private final TerminalServices services;

    public TerminalRoute(RefusalAudit refusals, TerminalServices services) {
        this.refusals = refusals;
        this.services = services;
    }

    void routes(@Observes Router router) {
        router.get(PATH).order(Integer.MIN_VALUE + 30).handler(this::upgrade);
    }

    private void upgrade(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        String origin = request.getHeader("Origin");
        if (!sameOrigin(origin, request.getHeader("Host"))) {
            LOG.warnf("refused a terminal WebSocket from origin %s (host %s)", origin, request.getHeader("Host"));
            refusals.refused("", request.getParam("node"), "WebSocket from foreign origin " + origin,
                    String.valueOf(request.remoteAddress()));
            refuse(rc, 403, "access_denied", "terminals open only from pages of this proxy; origin " + origin
                    + " is not one");
            return;
        }
        Optional<String> sessionId = WebCaller.sessionId(request);
        if (sessionId.isEmpty()) {
            refuse(rc, 401, "unauthenticated", "you are not logged in: log in, then open the terminal again");
            return;
        }
        TerminalRequest target;
        try {
            target = TerminalRequest.parse(request.getParam("node"), request.getParam("login"),
                    request.getParam("cols"), request.getParam("rows"));
        } catch (IllegalArgumentException e) {
            refuse(rc, 400, "invalid", e.getMessage());
            return;
        }
        request.toWebSocket().onSuccess(ws -> new TerminalBridge(ws, sessionId.get(), target, services).start())
                .onFailure(e -> LOG.warnf("terminal WebSocket upgrade failed: %s", e.getMessage()));
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
        try {
            rc.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                    .end(ApiJson.newMapper().writeValueAsString(new ApiError.Envelope(ApiError.of(code, message))));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            rc.response().setStatusCode(status).end();
        }
    }
}
