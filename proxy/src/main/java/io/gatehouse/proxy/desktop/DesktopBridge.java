package io.gatehouse.proxy.desktop;

import io.gatehouse.proxy.browser.BrowserCaller;
import io.gatehouse.proxy.browser.BrowserConnection;
import io.gatehouse.proxy.browser.BrowserSocket;
import io.gatehouse.proxy.browser.ChannelInput;
import io.gatehouse.proxy.browser.ChannelOutput;
import io.gatehouse.proxy.browser.Refused;
import io.gatehouse.proxy.tunnel.TunnelRegistry;
import io.gatehouse.shared.cert.UserIdentity;
import io.gatehouse.shared.desktop.FrameStream;
import io.gatehouse.shared.desktop.FrameType;
import io.gatehouse.shared.desktop.MalformedFrame;
import io.gatehouse.shared.desktop.Open;
import io.gatehouse.shared.rbac.AccessChecker;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.apache.sshd.client.channel.ChannelSubsystem;
import org.apache.sshd.client.channel.ClientChannel;
import org.apache.sshd.client.session.ClientSession;
import org.jboss.logging.Logger;

/**
 * One browser desktop: the page's frames ⇄ the agent's desktop subsystem over the agent's tunnel,
 * logged in with the user's web-session certificate (the agent checks it and the roles again). The
 * proxy moves frames without looking into them (docs/desktop-protocol.md), except to drop the
 * proxy's own frame types from the page (FrameType.mayComeFromBrowser: only the proxy opens) and
 * to add and remove the length prefix the SSH channel's stream needs (FrameStream).
 */
final class DesktopBridge implements BrowserConnection {
    private static final Logger LOG = Logger.getLogger(DesktopBridge.class);
    static final String SUBSYSTEM = "gatehouse-desktop";
    static final String LOGIN = "-desktop";

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

    private final BrowserSocket socket;
    private final Target target;
    private final DesktopRoute services;
    private final ChannelInput toAgent;
    private volatile ClientSession ssh;
    private volatile ChannelSubsystem channel;

    DesktopBridge(BrowserSocket socket, Target target, DesktopRoute services) {
        this.socket = socket;
        this.target = target;
        this.services = services;
        this.toAgent = new ChannelInput(socket);
    }

    @Override
    public void fromPage(Buffer frame) {
        if (frame.length() == 0 || !FrameType.mayComeFromBrowser(frame.getByte(0))) {
            return; // OPEN and its family are the proxy's to send
        }
        toAgent.send(FrameStream.prefixed(frame.getBytes()));
    }

    @Override
    public void open(BrowserCaller caller) throws IOException {
        UserIdentity user = caller.user();
        TunnelRegistry.Tunnel tunnel = route(user);
        ssh = services.shells.connect(tunnel, LOGIN, caller.session());
        ChannelSubsystem c = ssh.createSubsystemChannel(SUBSYSTEM);
        c.setStreaming(ClientChannel.Streaming.Async);
        c.open().verify(Duration.ofSeconds(15));
        channel = c;
        if (socket.isClosed()) {
            close(); // the page went away while the channel opened: the bridge's clean-up ran before it existed
            return;
        }
        // OPEN goes first: the page's input that queued meanwhile follows it.
        c.getAsyncIn().writeBuffer(new org.apache.sshd.common.util.buffer.ByteArrayBuffer(FrameStream.prefixed(
                new Open(target.desktop(), target.login(), target.width(), target.height()).write())))
                .verify(Duration.ofSeconds(15));
        toAgent.attach(c);
        FrameStream.Splitter frames = new FrameStream.Splitter(FrameStream.MAX_SERVER_FRAME);
        new ChannelOutput(socket, c, 64 * 1024, (bytes, offset, length) -> cut(frames, bytes, offset, length),
                this::agentEnded).start();
        LOG.infof("web desktop: %s as %s on %s opened", user.username(), target.login(), target.desktop());
    }

    private static List<byte[]> cut(FrameStream.Splitter frames, byte[] bytes, int offset, int length)
            throws IOException {
        try {
            return frames.accept(bytes, offset, length);
        } catch (MalformedFrame e) {
            throw new IOException("the agent sent " + e.getMessage(), e);
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

    @Override
    public String cannotOpen(Exception e) {
        return "cannot reach the agent serving desktop '" + target.desktop() + "': " + e.getMessage();
    }

    /** The agent's stream ended: normally (its CLOSED or ERROR frame was relayed), or broken. */
    private void agentEnded(String why) {
        if (why == null) {
            socket.close();
        } else {
            socket.end("offline", why.startsWith("the agent") ? why : "the connection to the agent serving desktop '"
                    + target.desktop() + "' was lost (" + why + ")");
        }
    }

    @Override
    public void close() {
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
}
