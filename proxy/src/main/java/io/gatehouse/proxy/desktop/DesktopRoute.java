package io.gatehouse.proxy.desktop;

import io.gatehouse.proxy.audit.RefusalAudit;
import io.gatehouse.proxy.terminal.TerminalRoute;
import io.gatehouse.proxy.web.WebCaller;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * wss://proxy/v1/webapi/desktop (docs/desktop-protocol.md). The same gate as the terminal's: this
 * proxy's Origin only (cross-site WebSocket hijacking), the session cookie before the upgrade, the
 * bearer token as the first message.
 */
@Singleton
public class DesktopRoute {
    private static final Logger LOG = Logger.getLogger(DesktopRoute.class);
    public static final String PATH = "/v1/webapi/desktop";

    private final RefusalAudit refusals;
    private final DesktopBridge.Services services;

    public DesktopRoute(RefusalAudit refusals, DesktopBridge.Services services) {
        this.refusals = refusals;
        this.services = services;
    }

    void routes(@Observes Router router) {
        router.get(PATH).order(Integer.MIN_VALUE + 31).handler(this::upgrade);
    }

    private void upgrade(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        String origin = request.getHeader("Origin");
        String desktop = String.valueOf(request.getParam("desktop"));
        if (!TerminalRoute.sameOrigin(origin, request.getHeader("Host"))) {
            LOG.warnf("refused a desktop WebSocket from origin %s (host %s)", origin, request.getHeader("Host"));
            refusals.refusedDesktop("", desktop, String.valueOf(request.getParam("login")),
                    "WebSocket from foreign origin " + origin, String.valueOf(request.remoteAddress()));
            rc.response().setStatusCode(403).putHeader("Content-Type", "text/plain").end("desktops open only from "
                    + "pages of this proxy");
            return;
        }
        Optional<String> sessionId = WebCaller.sessionId(request);
        if (sessionId.isEmpty()) {
            rc.response().setStatusCode(401).putHeader("Content-Type", "text/plain").end("you are not logged in");
            return;
        }
        DesktopBridge.Target target;
        try {
            target = DesktopBridge.Target.parse(request.getParam("desktop"), request.getParam("login"),
                    request.getParam("width"), request.getParam("height"));
        } catch (IllegalArgumentException e) {
            rc.response().setStatusCode(400).putHeader("Content-Type", "text/plain").end(e.getMessage());
            return;
        }
        request.toWebSocket().onSuccess(ws -> new DesktopBridge(ws, sessionId.get(), target, services).start())
                .onFailure(e -> LOG.warnf("desktop WebSocket upgrade failed: %s", e.getMessage()));
    }
}
