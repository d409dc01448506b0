package io.gatehouse.proxy.terminal;

import io.gatehouse.proxy.audit.RefusalAudit;
import io.gatehouse.proxy.nodes.NodeInventory;
import io.gatehouse.proxy.rbac.RoleResolver;
import io.gatehouse.proxy.tunnel.TunnelService;
import io.gatehouse.proxy.websession.SessionWatch;
import io.gatehouse.proxy.websession.WebSessions;
import jakarta.inject.Singleton;

/** What every web terminal needs from the proxy, handed to each {@link TerminalBridge} in one piece. */
@Singleton
final class TerminalServices {
    final WebSessions sessions;
    final SessionWatch.Watches watches;
    final NodeInventory nodes;
    final RoleResolver roles;
    final NodeShells shells;
    final RefusalAudit refusals;
    final TunnelService tunnels;

    TerminalServices(WebSessions sessions, SessionWatch.Watches watches, NodeInventory nodes, RoleResolver roles,
            NodeShells shells, RefusalAudit refusals, TunnelService tunnels) {
        this.sessions = sessions;
        this.watches = watches;
        this.nodes = nodes;
        this.roles = roles;
        this.shells = shells;
        this.refusals = refusals;
        this.tunnels = tunnels;
    }
}
