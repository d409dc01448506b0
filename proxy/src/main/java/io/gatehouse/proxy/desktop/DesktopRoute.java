package io.gatehouse.proxy.desktop;

import io.gatehouse.proxy.audit.RefusalAudit;
import io.gatehouse.proxy.websession.BrowserSocketGate;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.Router;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * wss://proxy/v1/webapi/desktop (docs/desktop-protocol.md): the browser-socket gate, the same as
 * the terminal's (BrowserSocketGate), then a {@link DesktopBridge} to the agent.
 */
@Singleton
public class DesktopRoute implements BrowserSocketGate.Kind<DesktopBridge.Target> {
    public static final String PATH = "/v1/webapi/desktop";

    private final BrowserSocketGate gate;
    private final RefusalAudit refusals;
    private final DesktopBridge.Services services;

    public DesktopRoute(BrowserSocketGate gate, RefusalAudit refusals, DesktopBridge.Services services) {
        this.gate = gate;
        this.refusals = refusals;
        this.services = services;
    }

    void routes(@Observes Router router) {
        router.get(PATH).order(Integer.MIN_VALUE + 31).handler(rc -> gate.upgrade(rc, this));
    }

    @Override
    public String name() {
        return "desktop";
    }

    @Override
    public DesktopBridge.Target target(HttpServerRequest request) {
        return DesktopBridge.Target.parse(request.getParam("desktop"), request.getParam("login"),
                request.getParam("width"), request.getParam("height"));
    }

    @Override
    public void foreignOrigin(HttpServerRequest request, String reason) {
        refusals.refusedDesktop("", String.valueOf(request.getParam("desktop")), String.valueOf(request.getParam(
                "login")), reason, String.valueOf(request.remoteAddress()));
    }

    @Override
    public void fail(ServerWebSocket ws, String code, String message) {
        DesktopBridge.sendError(ws, code, message);
    }

    @Override
    public void open(ServerWebSocket ws, String sessionId, String bearer, DesktopBridge.Target target) {
        new DesktopBridge(ws, sessionId, bearer, target, services).start();
    }
}
