package io.gatehouse.proxy.terminal;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.proxy.audit.RefusalAudit;
import io.gatehouse.proxy.nodes.NodeInventory;
import io.gatehouse.proxy.rbac.RoleResolver;
import io.gatehouse.proxy.sshjump.NodeDirectory;
import io.gatehouse.proxy.tunnel.TunnelRegistry;
import io.gatehouse.proxy.tunnel.TunnelService;
import io.gatehouse.proxy.web.WebCaller;
import io.gatehouse.proxy.websession.BrowserMessage;
import io.gatehouse.proxy.websession.SessionWatch;
import io.gatehouse.proxy.websession.WebSessions;
import io.gatehouse.shared.api.ApiJson;
import io.gatehouse.shared.api.WebSessionDto;
import io.gatehouse.shared.api.client.AuthCallException;
import io.gatehouse.shared.cert.UserIdentity;
import io.gatehouse.shared.rbac.AccessChecker;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import java.io.IOException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.sshd.client.channel.ChannelShell;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.io.IoWriteFuture;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;
import org.apache.sshd.common.util.threads.ThreadUtils;
import org.jboss.logging.Logger;

/**
 * One browser terminal: WebSocket ⇄ SSH shell on the node. The session is set up on a virtual
 * thread (auth lookups and the SSH login block); after that every byte moves by callbacks, with
 * no thread in between: a keystroke frame is written to the channel from the event loop that
 * received it, and the node's output is sent to the WebSocket from the SSH I/O thread that read
 * it (each hand-off between threads costs latency on every key). Backpressure both ways: the
 * next read of the shell waits while the WebSocket's write queue is full (so the SSH window
 * closes and the node slows down), and the WebSocket is paused while keystrokes pile up.
 */
final class TerminalBridge {
    private static final Logger LOG = Logger.getLogger(TerminalBridge.class);
    private static final ObjectMapper JSON = ApiJson.newMapper();
    /** Keystrokes waiting for the node: past this the socket is paused (a paste, or a node that stalls). */
    private static final int PAUSE_AT_BYTES = 256 * 1024;

    private final ServerWebSocket ws;
    private final String sessionId;
    private final String bearer;
    private final TerminalRequest target;
    private final WebSessions sessions;
    private final SessionWatch.Watches watches;
    private final NodeInventory nodes;
    private final RoleResolver roles;
    private final NodeShells shells;
    private final RefusalAudit refusals;
    private final TunnelService tunnels;
    private final ConcurrentLinkedQueue<byte[]> keystrokes = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queuedBytes = new AtomicInteger();
    private final AtomicBoolean writing = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile String username = "?";
    private volatile ClientSession ssh;
    private volatile ChannelShell shell;
    private volatile SessionWatch watch;

    /** The page has proved itself (BrowserSocketGate): cookie {@code sessionId}, its {@code bearer}. */
    TerminalBridge(ServerWebSocket ws, String sessionId, String bearer, TerminalRequest target,
            TerminalServices services) {
        this.ws = ws;
        this.sessionId = sessionId;
        this.bearer = bearer;
        this.target = target;
        this.sessions = services.sessions;
        this.watches = services.watches;
        this.nodes = services.nodes;
        this.roles = services.roles;
        this.shells = services.shells;
        this.refusals = services.refusals;
        this.tunnels = services.tunnels;
    }

    void start() {
        ws.textMessageHandler(this::onText);
        ws.binaryMessageHandler(this::onKeys);
        ws.closeHandler(v -> cleanUp());
        Thread.ofVirtual().name("web-terminal").start(this::run);
    }

    private void onText(String text) {
        BrowserMessage message;
        try {
            message = BrowserMessage.parse(text);
        } catch (BrowserMessage.MalformedMessage e) {
            fail("invalid", e.getMessage());
            return;
        }
        switch (message) {
            // The page's auth message went to BrowserSocketGate before this bridge existed.
            case BrowserMessage.Auth auth -> LOG.debug("ignored a second auth message on a web terminal");
            case BrowserMessage.Resize r -> resize(r.cols(), r.rows());
            case BrowserMessage.Other o -> LOG.debugf("ignored terminal message of type '%s'", o.type());
        }
    }

    private void onKeys(Buffer data) {
        keystrokes.add(data.getBytes());
        if (queuedBytes.addAndGet(data.length()) > PAUSE_AT_BYTES) {
            ws.pause();
        }
        sendKeys();
    }

    /** One channel write at a time (MINA allows no second pending write); what queued meanwhile goes next, in one. */
    private void sendKeys() {
        ChannelShell s = shell;
        if (s == null || closed.get() || !writing.compareAndSet(false, true)) {
            return;
        }
        ByteArrayBuffer batch = new ByteArrayBuffer();
        int taken = 0;
        for (byte[] keys; (keys = keystrokes.poll()) != null; taken += keys.length) {
            batch.putRawBytes(keys);
        }
        if (taken == 0) {
            writing.set(false);
            if (!keystrokes.isEmpty()) {
                sendKeys(); // queued between the poll and the reset
            }
            return;
        }
        int sent = taken;
        try {
            // As MINA's own forwarding does: during a key exchange the write is queued rather than
            // blocking this thread (the event loop) until the exchange ends.
            IoWriteFuture write = ThreadUtils.runAsInternal(() -> s.getAsyncIn().writeBuffer(batch));
            write.addListener(done -> {
                writing.set(false);
                if (done.getException() != null) {
                    LOG.debugf("keystrokes not written: %s", done.getException().getMessage());
                    return;
                }
                if (queuedBytes.addAndGet(-sent) <= PAUSE_AT_BYTES / 4) {
                    ws.resume();
                }
                sendKeys();
            });
        } catch (Exception e) {
            writing.set(false);
            LOG.debugf("keystrokes not written: %s", e.getMessage());
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

    private void run() {
        try {
            WebSessionDto.Session session = sessions.lookup(sessionId, bearer, true, true, false);
            UserIdentity user = WebCaller.acting(session, sessionId).user();
            username = user.username();
            NodeDirectory.NodeRoute route = route(user);
            TunnelRegistry.Tunnel tunnel = tunnels.registry().find(route.hostId()).orElseThrow(() -> refused(user,
                    "offline", "node '" + route.name() + "' has no tunnel to this proxy (web terminals reach nodes "
                    + "through their agent's tunnel; a node in direct mode is reachable with gate ssh)"));
            watch = watches.watch(sessionId, bearer, session, "this terminal", this::fail);
            if (closed.get()) {
                watch.close(); // the page went away meanwhile: nothing to open
                return;
            }
            ssh = shells.connect(tunnel, target.login(), session);
            shell = NodeShells.openShell(ssh, target.cols(), target.rows());
            send(Map.of("type", "connected", "node", route.name(), "login", target.login()));
            LOG.infof("web terminal: %s as %s on %s opened", username, target.login(), route.name());
            sendKeys(); // anything typed while connecting
            readOutput(route.name());
        } catch (Refused r) {
            fail(r.code, r.getMessage());
        } catch (AuthCallException e) {
            fail(e.status() == 0 ? "unavailable" : e.code(), e.status() == 0
                    ? "the proxy cannot reach the auth service right now; retry shortly" : e.getMessage());
        } catch (IOException | RuntimeException e) {
            LOG.warnf("web terminal for %s on %s failed: %s", username, target.node(), e.toString());
            fail("offline", "cannot open a shell on node '" + target.node() + "' as " + target.login() + ": "
                    + e.getMessage());
        }
    }

    /** The proxy's own check before dialling (the node checks again): a known, online node the roles allow. */
    private NodeDirectory.NodeRoute route(UserIdentity user) {
        var route = nodes.routes().resolve(target.node());
        if (route.isEmpty()) {
            throw refused(user, "not_found", "no node named '" + target.node() + "' in this cluster (or it is "
                    + "offline); the resources page lists the nodes you can reach");
        }
        if (route.get().address().isEmpty()) {
            throw refused(user, "offline", "node '" + target.node() + "' is offline: its agent has no tunnel to "
                    + "this proxy right now; try again when it shows online");
        }
        AccessChecker checker = roles.rolesOf(user);
        boolean allowed = user.logins().contains(target.login()) && checker.checkNode(route.get().name(),
                route.get().labels(), target.login()).allowed();
        if (!allowed) {
            throw refused(user, "access_denied", checker.refusal().orElse("no role of " + user.username()
                    + " gives the login '" + target.login() + "' on node '" + target.node() + "'"));
        }
        return route.get();
    }

    private Refused refused(UserIdentity user, String code, String message) {
        refusals.refused(user.username(), target.node(), message + " (web terminal)", String.valueOf(
                ws.remoteAddress()));
        return new Refused(code, message);
    }

    /** Reads the shell's next output; sends it from the SSH I/O thread; reads again when the socket can take more. */
    private void readOutput(String node) {
        if (closed.get()) {
            return;
        }
        shell.getAsyncOut().read(new ByteArrayBuffer(16 * 1024)).addListener(read -> {
            if (read.getException() != null || read.getRead() < 0) {
                Thread.ofVirtual().name("web-terminal-end").start(() -> ended(node));
                return;
            }
            org.apache.sshd.common.util.buffer.Buffer got = read.getBuffer();
            ws.writeBinaryMessage(Buffer.buffer(got.getCompactData()));
            if (ws.writeQueueFull()) {
                ws.drainHandler(v -> readOutput(node));
            } else {
                readOutput(node);
            }
        });
    }

    /** The shell's output ended: its exit status, or the node went away. */
    private void ended(String node) {
        ChannelShell s = shell;
        s.waitFor(EnumSet.of(ClientChannelEvent.EXIT_STATUS, ClientChannelEvent.CLOSED), Duration.ofSeconds(3));
        Integer status = s.getExitStatus();
        if (status != null) {
            LOG.infof("web terminal: %s as %s on %s ended with %d", username, target.login(), node, status);
            finish(Map.of("type", "closed", "exit_status", status));
        } else {
            // The node ends a session itself when its certificate or access request ends (at the same
            // moments this proxy checks): say that, not "the node went away", when it is why.
            SessionWatch w = watch;
            Optional<SessionWatch.Ended> why = w == null ? Optional.empty() : w.endedNow();
            why.ifPresentOrElse(e -> fail(e.code(), e.message()), () -> fail("offline", "the connection to node '"
                    + node + "' was lost (the node or its tunnel went away); open the terminal again when the node "
                    + "is back online"));
        }
    }

    private void fail(String code, String message) {
        finish(error(code, message));
    }

    private void finish(Map<String, Object> last) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        sendLast(ws, last);
        cleanUp();
    }

    static Map<String, Object> error(String code, String message) {
        return Map.of("type", "error", "code", code, "message", message);
    }

    /** The page's last message in the terminal protocol ({"type":"error",...} or "closed"), then the close. */
    static void sendLast(ServerWebSocket ws, Map<String, Object> last) {
        try {
            ws.writeTextMessage(JSON.writeValueAsString(new LinkedHashMap<>(last)))
                    .onComplete(x -> ws.close((short) 1000, String.valueOf(last.get("type"))));
        } catch (IOException | IllegalStateException e) {
            ws.close();
        }
    }

    private void cleanUp() {
        closed.set(true);
        if (watch != null) {
            watch.close();
        }
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

    private void send(Map<String, Object> message) throws IOException {
        ws.writeTextMessage(JSON.writeValueAsString(message));
    }

    private static final class Refused extends RuntimeException {
        private final String code;

        Refused(String code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }
}
