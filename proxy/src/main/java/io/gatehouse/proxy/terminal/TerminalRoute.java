package io.gatehouse.proxy.terminal;

import io.gatehouse.proxy.audit.RefusalAudit;
import io.gatehouse.proxy.websession.BrowserSocketGate;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.Router;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * wss://proxy/v1/webapi/terminal (docs/web-api.md, "Terminal"): the browser-socket gate
 * (BrowserSocketGate: Origin, a live session's cookie, the bearer as the first message), then a
 * {@link TerminalBridge} to the node's shell.
 */
@Singleton
public class TerminalRoute implements BrowserSocketGate.Kind<TerminalRequest> {
    public static final String PATH = "/v1/webapi/terminal";

    private final BrowserSocketGate gate;
    private final RefusalAudit refusals;
    private final TerminalServices services;

    public TerminalRoute(BrowserSocketGate gate, RefusalAudit refusals, TerminalServices services) {
        this.gate = gate;
        this.refusals = refusals;
        this.services = services;
    }

    void routes(@Observes Router router) {
        router.get(PATH).order(Integer.MIN_VALUE + 30).handler(rc -> gate.upgrade(rc, this));
    }

    @Override
    public String name() {
        return "terminal";
    }

    @Override
    public TerminalRequest target(HttpServerRequest request) {
        return TerminalRequest.parse(request.getParam("node"), request.getParam("login"), request.getParam("cols"),
                request.getParam("rows"));
    }

    @Override
    public void foreignOrigin(HttpServerRequest request, String reason) {
        refusals.refused("", request.getParam("node"), reason, String.valueOf(request.remoteAddress()));
    }

    @Override
    public void fail(ServerWebSocket ws, String code, String message) {
        TerminalBridge.sendLast(ws, TerminalBridge.error(code, message));
    }

    @Override
    public void open(ServerWebSocket ws, String sessionId, String bearer, TerminalRequest target) {
        new TerminalBridge(ws, sessionId, bearer, target, services).start();
    }
}
