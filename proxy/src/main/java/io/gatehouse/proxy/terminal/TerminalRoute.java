package io.gatehouse.proxy.terminal;

import io.gatehouse.proxy.audit.RefusalAudit;
import io.gatehouse.proxy.browser.BrowserConnection;
import io.gatehouse.proxy.browser.BrowserFeature;
import io.gatehouse.proxy.browser.BrowserSocket;
import io.gatehouse.proxy.browser.BrowserSocketGate;
import io.gatehouse.proxy.nodes.NodeInventory;
import io.gatehouse.proxy.rbac.RoleResolver;
import io.gatehouse.proxy.tunnel.TunnelService;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * wss://proxy/v1/webapi/terminal (docs/web-api.md, "Terminal"): a browser feature on the shared
 * socket path (BrowserSocketGate, BrowserBridge); its connection is a {@link TerminalBridge} to
 * the node's shell.
 */
@Singleton
public class TerminalRoute implements BrowserFeature<TerminalRequest> {
    public static final String PATH = "/v1/webapi/terminal";

    private final BrowserSocketGate gate;
    final RefusalAudit refusals;
    final NodeInventory nodes;
    final RoleResolver roles;
    final NodeShells shells;
    final TunnelService tunnels;

    public TerminalRoute(BrowserSocketGate gate, RefusalAudit refusals, NodeInventory nodes, RoleResolver roles,
            NodeShells shells, TunnelService tunnels) {
        this.gate = gate;
        this.refusals = refusals;
        this.nodes = nodes;
        this.roles = roles;
        this.shells = shells;
        this.tunnels = tunnels;
    }

    void routes(@Observes Router router) {
        gate.route(router, PATH, this);
    }

    @Override
    public String name() {
        return "terminal";
    }

    @Override
    public String what() {
        return "this terminal";
    }

    @Override
    public TerminalRequest target(HttpServerRequest request) {
        return TerminalRequest.parse(request.getParam("node"), request.getParam("login"), request.getParam("cols"),
                request.getParam("rows"));
    }

    @Override
    public void refusedRequest(HttpServerRequest request, String reason) {
        refusals.refused("", request.getParam("node"), reason, String.valueOf(request.remoteAddress()));
    }

    @Override
    public void refused(String user, TerminalRequest target, String reason, String from) {
        refusals.refused(user, target.node(), reason + " (web terminal)", from);
    }

    @Override
    public BrowserConnection connect(TerminalRequest target, BrowserSocket socket) {
        return new TerminalBridge(socket, target, this);
    }
}
