package io.gatehouse.proxy.terminal;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.proxy.browser.BrowserCaller;
import io.gatehouse.proxy.browser.BrowserConnection;
import io.gatehouse.proxy.browser.BrowserMessage;
import io.gatehouse.proxy.browser.BrowserSocket;
import io.gatehouse.proxy.browser.ChannelInput;
import io.gatehouse.proxy.browser.ChannelOutput;
import io.gatehouse.proxy.browser.Refused;
import io.gatehouse.proxy.nodes.NodeDirectory;
import io.gatehouse.proxy.tunnel.TunnelRegistry;
import io.gatehouse.shared.api.ApiJson;
import io.gatehouse.shared.cert.UserIdentity;
import io.gatehouse.shared.rbac.AccessChecker;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import org.apache.sshd.client.channel.ChannelShell;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.session.ClientSession;
import org.jboss.logging.Logger;

/**
 * One browser terminal: the page's bytes ⇄ an SSH shell on the node, through its agent's tunnel,
 * logged in with the user's web-session certificate (the node checks it and the roles again).
 * Keystrokes go to the channel from the event loop that received them and the shell's output to
 * the page from the SSH I/O thread that read it (ChannelInput, ChannelOutput: backpressure both
 * ways). The shared path (BrowserBridge) looked the session up, watches it, and ends the socket.
 */
final class TerminalBridge implements BrowserConnection {
    private static final Logger LOG = Logger.getLogger(TerminalBridge.class);
    private static final ObjectMapper JSON = ApiJson.newMapper();

    private final BrowserSocket socket;
    private final TerminalRequest target;
    private final TerminalRoute services;
    private final ChannelInput keys;
    private volatile String username = "?";
    private volatile ClientSession ssh;
    private volatile ChannelShell shell;

    TerminalBridge(BrowserSocket socket, TerminalRequest target, TerminalRoute services) {
        this.socket = socket;
        this.target = target;
        this.services = services;
        this.keys = new ChannelInput(socket);
    }

    @Override
    public void fromPage(Buffer message) {
        keys.send(message.getBytes());
    }

    @Override
    public void control(BrowserMessage message) {
        switch (message) {
            case BrowserMessage.Resize r -> resize(r.cols(), r.rows());
            default -> LOG.debugf("ignored terminal message %s", message);
        }
    }

    private void resize(int cols, int rows) {
        ChannelShell s = shell;
        if (s == null || cols < 1 || rows < 1 || cols > 1000 || rows > 500) {
            return;
        }
        try {
            s.sendWindowChange(cols, rows);
        } catch (IOException e) {
            LOG.debugf("window change not sent: %s", e.getMessage());
        }
    }

    @Override
    public void open(BrowserCaller caller) throws IOException {
        UserIdentity user = caller.user();
        username = user.username();
        NodeDirectory.NodeRoute route = route(user);
        TunnelRegistry.Tunnel tunnel = services.tunnels.registry().find(route.hostId()).orElseThrow(() -> new Refused(
                "offline", "node '" + route.name() + "' has no tunnel to this proxy (web terminals reach nodes "
                + "through their agent's tunnel; a node in direct mode is reachable with gate ssh)"));
        ssh = services.shells.connect(tunnel, target.login(), caller.session());
        shell = NodeShells.openShell(ssh, target.cols(), target.rows());
        if (socket.isClosed()) {
            close(); // the page went away while the shell opened: the bridge's clean-up ran before it existed
            return;
        }
        socket.ws().writeTextMessage(JSON.writeValueAsString(Map.of("type", "connected", "node", route.name(),
                "login", target.login())));
        LOG.infof("web terminal: %s as %s on %s opened", username, target.login(), route.name());
        keys.attach(shell); // and anything typed while connecting
        new ChannelOutput(socket, shell, 16 * 1024, ChannelOutput::asRead, why -> Thread.ofVirtual()
                .name("web-terminal-end").start(() -> ended(route.name()))).start();
    }

    /** The proxy's own check before dialling (the node checks again): a known, online node the roles allow. */
    private NodeDirectory.NodeRoute route(UserIdentity user) {
        var route = services.nodes.routes().resolve(target.node());
        if (route.isEmpty()) {
            throw new Refused("not_found", "no node named '" + target.node() + "' in this cluster (or it is "
                    + "offline); the resources page lists the nodes you can reach");
        }
        if (route.get().address().isEmpty()) {
            throw new Refused("offline", "node '" + target.node() + "' is offline: its agent has no tunnel to "
                    + "this proxy right now; try again when it shows online");
        }
        AccessChecker checker = services.roles.rolesOf(user);
        boolean allowed = user.logins().contains(target.login()) && checker.checkNode(route.get().name(),
                route.get().labels(), target.login()).allowed();
        if (!allowed) {
            throw new Refused("access_denied", checker.refusal().orElse("no role of " + user.username()
                    + " gives the login '" + target.login() + "' on node '" + target.node() + "'"));
        }
        return route.get();
    }

    @Override
    public String cannotOpen(Exception e) {
        return "cannot open a shell on node '" + target.node() + "' as " + target.login() + ": " + e.getMessage();
    }

    /** The shell's output ended: its exit status, or the node went away. */
    private void ended(String node) {
        ChannelShell s = shell;
        s.waitFor(EnumSet.of(ClientChannelEvent.EXIT_STATUS, ClientChannelEvent.CLOSED), Duration.ofSeconds(3));
        Integer status = s.getExitStatus();
        if (status != null) {
            LOG.infof("web terminal: %s as %s on %s ended with %d", username, target.login(), node, status);
            socket.finish(Map.of("type", "closed", "exit_status", status));
            return;
        }
        // The node ends a session itself when its certificate or access request ends (at the same
        // moments this proxy checks): say that, not "the node went away", when it is why.
        socket.endedNow().ifPresentOrElse(e -> socket.end(e.code(), e.message()), () -> socket.end("offline",
                "the connection to node '" + node + "' was lost (the node or its tunnel went away); open the "
                + "terminal again when the node is back online"));
    }

    @Override
    public void close() {
        try {
            if (shell != null) {
                shell.close(false);
            }
            if (ssh != null) {
                ssh.close(false);
            }
        } catch (Exception e) {
            LOG.debugf("terminal clean-up: %s", e.getMessage());
        }
    }
}
