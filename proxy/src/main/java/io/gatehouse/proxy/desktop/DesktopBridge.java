package io.gatehouse.proxy.desktop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.proxy.audit.RefusalAudit;
import io.gatehouse.proxy.rbac.RoleResolver;
import io.gatehouse.proxy.terminal.NodeShells;
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
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.sshd.client.channel.ChannelSubsystem;
import org.apache.sshd.client.channel.ClientChannel;
import org.apache.sshd.client.session.ClientSession;
import org.jboss.logging.Logger;

/**
 * One browser desktop: WebSocket ⇄ the agent's desktop subsystem over the agent's tunnel, logged
 * in with the user's web-session certificate (the agent checks it and the roles again). The proxy
 * moves frames and does not look into them, except to drop OPEN-type frames from the browser
 * (only the proxy opens) and to add the length prefix the SSH channel's stream needs.
 */
final class DesktopBridge {
    private static final Logger LOG = Logger.getLogger(DesktopBridge.class);
    private static final ObjectMapper JSON = ApiJson.newMapper();
    static final String SUBSYSTEM = "gatehouse-desktop";
    static final String LOGIN = "-desktop";
    /** Input waiting for the agent: past this the socket is paused (an agent that stalls). */
    private static final int PAUSE_AT_BYTES = 256 * 1024;
    /** Larger frames from the agent mean a broken stream; a full-screen PNG tile is far below this. */
    private static final int MAX_FRAME = 16 << 20;

    /** What every desktop bridge needs from the proxy. */
    @Singleton
    static final class Services {
        final WebSessions sessions;
        final SessionWatch.Watches watches;
        final DesktopDirectory desktops;
        final RoleResolver roles;
        final NodeShells shells;
        final RefusalAudit refusals;
        final TunnelService tunnels;

        Services(WebSessions sessions, SessionWatch.Watches watches, DesktopDirectory desktops, RoleResolver roles,
                NodeShells shells, RefusalAudit refusals, TunnelService tunnels) {
            this.sessions = sessions;
            this.watches = watches;
            this.desktops = desktops;
            this.roles = roles;
            this.shells = shells;
            this.refusals = refusals;
            this.tunnels = tunnels;
        }
    }

    /** The page's request: desktop, login and the size it wants. */
    record Target(String desktop, String login, int width, int height) {
        static Target parse(String desktop, String login, String width, String height) {
            if (desktop == null || !desktop.matches("[a-z0-9][a-z0-9.-]{0,62}")) {
                throw new IllegalArgumentException("desktop must be a desktop's name");
            }
            if (login == null || login.isBlank() || login.length() > 64 || login.startsWith("-")) {
                throw new IllegalArgumentException("login must be one of your desktop logins");
            }
            return new Target(desktop, login, number(width, 1024), number(height, 768));
        }

        private static int number(String v, int fallback) {
            try {
                return v == null ? fallback : Math.max(1, Math.min(8192, Integer.parseInt(v)));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("width and height must be numbers of pixels");
            }
        }
    }

    private final ServerWebSocket ws;
    private final String sessionId;
    private final String bearer;
    private final Target target;
    private final Services services;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final ChannelWriter toAgent = new ChannelWriter();
    private volatile ClientSession ssh;
    private volatile ChannelSubsystem channel;
    private volatile SessionWatch watch;

    /** The page has proved itself (BrowserSocketGate): cookie {@code sessionId}, its {@code bearer}. */
    DesktopBridge(ServerWebSocket ws, String sessionId, String bearer, Target target, Services services) {
        this.ws = ws;
        this.sessionId = sessionId;
        this.bearer = bearer;
        this.target = target;
        this.services = services;
    }

    void start() {
        ws.textMessageHandler(text -> LOG.debugf("ignored a text message on a desktop socket (%d chars)",
                text.length()));
        ws.binaryMessageHandler(this::fromBrowser);
        ws.closeHandler(v -> cleanUp());
        Thread.ofVirtual().name("web-desktop").start(this::run);
    }

    private void fromBrowser(Buffer frame) {
        if (frame.length() == 0 || (frame.getByte(0) & 0xF0) == 0x20) {
            return; // OPEN and its family are the proxy's to send
        }
        toAgent.send(framed(frame.getBytes()));
        if (toAgent.backlog() > PAUSE_AT_BYTES) {
            ws.pause();
            toAgent.onDrained(ws::resume);
        }
    }

    private void run() {
        UserIdentity user = null;
        try {
            WebSessionDto.Session session = services.sessions.lookup(sessionId, bearer, true, true, false);
            user = WebCaller.acting(session, sessionId).user();
            TunnelRegistry.Tunnel tunnel = route(user);
            watch = services.watches.watch(sessionId, bearer, session, "this desktop session", this::fail);
            if (closed.get()) {
                watch.close(); // the page went away meanwhile: nothing to open
                return;
            }
            ssh = services.shells.connect(tunnel, LOGIN, session);
            ChannelSubsystem c = ssh.createSubsystemChannel(SUBSYSTEM);
            c.setStreaming(ClientChannel.Streaming.Async);
            c.open().verify(Duration.ofSeconds(15));
            channel = c;
            toAgent.attach(c);
            toAgent.send(framed(open()));
            new FrameReader(c, ws, MAX_FRAME, this::agentEnded).start();
            LOG.infof("web desktop: %s as %s on %s opened", user.username(), target.login(), target.desktop());
        } catch (Refused r) {
            services.refusals.refusedDesktop(user == null ? "" : user.username(), target.desktop(), target.login(),
                    r.getMessage(), String.valueOf(ws.remoteAddress()));
            fail(r.code, r.getMessage());
        } catch (AuthCallException e) {
            fail(e.status() == 0 ? "unavailable" : e.code(), e.status() == 0
                    ? "the proxy cannot reach the auth service right now; retry shortly" : e.getMessage());
        } catch (IOException | RuntimeException e) {
            LOG.warnf("web desktop on %s failed: %s", target.desktop(), e.toString());
            fail("offline", "cannot reach the agent serving desktop '" + target.desktop() + "': " + e.getMessage());
        }
    }

    /** The proxy's own check before dialling (the agent checks again). */
    private TunnelRegistry.Tunnel route(UserIdentity user) {
        DesktopDirectory.Desktop d = services.desktops.find(target.desktop()).orElseThrow(() -> new Refused(
                "not_found", "no desktop named '" + target.desktop() + "' in this cluster; the resources page lists "
                + "the desktops you can reach"));
        AccessChecker checker = services.roles.rolesOf(user);
        if (!checker.checkDesktop(d.name(), d.labels(), target.login()).allowed()) {
            throw new Refused("access_denied", checker.refusal().orElse("no role of " + user.username()
                    + " gives the login '" + target.login() + "' on desktop '" + d.name() + "'"));
        }
        if (!services.desktops.online(d)) {
            throw new Refused("offline", "desktop '" + d.name() + "' is offline: the agent serving it has no tunnel "
                    + "to this proxy right now; try again when it shows online");
        }
        return services.tunnels.registry().find(d.hostId()).orElseThrow(() -> new Refused("offline", "desktop '"
                + d.name() + "' is offline"));
    }

    private byte[] open() throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("desktop", target.desktop());
        m.put("login", target.login());
        m.put("width", target.width());
        m.put("height", target.height());
        byte[] json = JSON.writeValueAsBytes(m);
        byte[] frame = new byte[json.length + 1];
        frame[0] = 0x20;
        System.arraycopy(json, 0, frame, 1, json.length);
        return frame;
    }

    static byte[] framed(byte[] frame) {
        byte[] out = new byte[frame.length + 4];
        out[0] = (byte) (frame.length >>> 24);
        out[1] = (byte) (frame.length >>> 16);
        out[2] = (byte) (frame.length >>> 8);
        out[3] = (byte) frame.length;
        System.arraycopy(frame, 0, out, 4, frame.length);
        return out;
    }

    private void agentEnded(String why) {
        if (why != null) {
            fail("offline", why);
        } else {
            closeQuietly();
        }
    }

    /** An ERROR frame to the page, then close. */
    private void fail(String code, String message) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        sendError(ws, code, message);
        cleanUp();
    }

    /** An ERROR frame (docs/desktop-protocol.md), then the close. */
    static void sendError(ServerWebSocket ws, String code, String message) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("code", code);
        m.put("message", message);
        byte[] json;
        try {
            json = JSON.writeValueAsBytes(m);
        } catch (IOException e) {
            json = "{}".getBytes(StandardCharsets.UTF_8);
        }
        Buffer frame = Buffer.buffer().appendByte((byte) 0x06).appendBytes(json);
        try {
            ws.writeBinaryMessage(frame).onComplete(x -> ws.close((short) 1000, "error"));
        } catch (IllegalStateException e) {
            // already closed by the page
        }
    }

    private void closeQuietly() {
        if (closed.compareAndSet(false, true)) {
            try {
                ws.close((short) 1000, "closed");
            } catch (IllegalStateException e) {
                // already closed
            }
            cleanUp();
        }
    }

    private void cleanUp() {
        closed.set(true);
        if (watch != null) {
            watch.close();
        }
        try {
            if (channel != null) {
                channel.close(false);
            }
            if (ssh != null) {
                ssh.close(false);
            }
        } catch (Exception e) {
            LOG.debugf("desktop clean-up: %s", e.getMessage());
        }
    }

    private static final class Refused extends RuntimeException {
        private final String code;

        Refused(String code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }
}
