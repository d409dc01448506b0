package io.gatehouse.proxy.desktop;

import io.gatehouse.proxy.audit.RefusalAudit;
import io.gatehouse.proxy.browser.BrowserConnection;
import io.gatehouse.proxy.browser.BrowserFeature;
import io.gatehouse.proxy.browser.BrowserSocket;
import io.gatehouse.proxy.browser.BrowserSocketGate;
import io.gatehouse.proxy.rbac.RoleResolver;
import io.gatehouse.proxy.terminal.NodeShells;
import io.gatehouse.proxy.tunnel.TunnelService;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * wss://proxy/v1/webapi/desktop (docs/desktop-protocol.md): a browser feature on the shared socket
 * path (BrowserSocketGate, BrowserBridge); its connection is a {@link DesktopBridge} to the agent.
 */
@Singleton
public class DesktopRoute implements BrowserFeature<DesktopBridge.Target> {
    public static final String PATH = "/v1/webapi/desktop";

    private final BrowserSocketGate gate;
    final RefusalAudit refusals;
    final DesktopDirectory desktops;
    final RoleResolver roles;
    final NodeShells shells;
    final TunnelService tunnels;

    public DesktopRoute(BrowserSocketGate gate, RefusalAudit refusals, DesktopDirectory desktops, RoleResolver roles,
            NodeShells shells, TunnelService tunnels) {
        this.gate = gate;
        this.refusals = refusals;
        this.desktops = desktops;
        this.roles = roles;
        this.shells = shells;
        this.tunnels = tunnels;
    }

    void routes(@Observes Router router) {
        gate.route(router, PATH, this);
    }

    @Override
    public String name() {
        return "desktop";
    }

    @Override
    public String what() {
        return "this desktop session";
    }

    @Override
    public DesktopBridge.Target target(HttpServerRequest request) {
        return DesktopBridge.Target.parse(request.getParam("desktop"), request.getParam("login"),
                request.getParam("width"), request.getParam("height"));
    }

    @Override
    public void refusedRequest(HttpServerRequest request, String reason) {
        refusals.refusedDesktop("", String.valueOf(request.getParam("desktop")), String.valueOf(request.getParam(
                "login")), reason, String.valueOf(request.remoteAddress()));
    }

    @Override
    public void refused(String user, DesktopBridge.Target target, String reason, String from) {
        refusals.refusedDesktop(user, target.desktop(), target.login(), reason, from);
    }

    @Override
    public BrowserConnection connect(DesktopBridge.Target target, BrowserSocket socket) {
        return new DesktopBridge(socket, target, this);
    }
}
