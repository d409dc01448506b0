package io.gatehouse.rdp;

import io.gatehouse.rdp.RdpConnectException.Reason;
import io.gatehouse.rdp.channel.StaticChannel;
import io.gatehouse.rdp.connection.McsDomain;
import io.gatehouse.rdp.connection.X224;
import io.gatehouse.rdp.input.FastPathInput;
import io.gatehouse.rdp.output.BitmapDecoder;
import io.gatehouse.rdp.transport.RdpTransport;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pure-Java RDP client: connects with TLS (or NLA), verifies the server's certificate by the
 * settings' {@link ServerTrust}, logs on with the settings' credential, and
 * shows the desktop to an {@link RdpListener} from a virtual reader thread. Input methods are
 * thread-safe and may be called from any thread while the reader runs.
 */
public final class RdpClient implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RdpClient.class);
    /** How long close() waits for the reader to report onClosed. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(2);

    private final RdpTransport transport;
    private final Session session;
    private final Thread reader;
    private final X509Certificate certificate;

    private RdpClient(RdpTransport transport, Session session, Thread reader, ConnectionSequence.Result result) {
        this.transport = transport;
        this.session = session;
        this.reader = reader;
        this.certificate = result.certificate();
    }

    /**
     * Connects and runs the whole connection sequence; returns when the session is active
     * (listener.onConnected has been called). Afterwards the listener hears about the screen
     * until the session ends, then gets onClosed exactly once. If this throws, onClosed is not
     * called.
     */
    public static RdpClient connect(RdpSettings settings, RdpListener listener) throws IOException {
        return connect(settings, listener, BitmapDecoder.STANDARD);
    }

    /** As {@link #connect(RdpSettings, RdpListener)} with another bitmap decoder (tests, other codecs). */
    public static RdpClient connect(RdpSettings settings, RdpListener listener, BitmapDecoder decoder)
            throws IOException {
        long t0 = System.nanoTime();
        RdpTransport transport = open(settings);
        try {
            ConnectionSequence.Result result = new ConnectionSequence(settings, transport).run();
            int clipboardChannel = result.server().staticChannelId(StaticChannel.REQUESTED.indexOf(StaticChannel.CLIPBOARD));
            Session session = new Session(settings, transport, result.userId(), result.server().ioChannelId(),
                    clipboardChannel, listener, decoder);
            Thread reader = Thread.ofVirtual().name("rdp-reader-" + settings.host()).start(session);
            awaitActivation(settings, session);
            log.debug("RDP session to {}:{} active after {} ms", settings.host(), settings.port(),
                    (System.nanoTime() - t0) / 1_000_000);
            return new RdpClient(transport, session, reader, result);
        } catch (IOException | RuntimeException e) {
            transport.close();
            throw e;
        }
    }

    private static RdpTransport open(RdpSettings s) throws RdpConnectException {
        String where = "the desktop at " + s.host() + ":" + s.port();
        try {
            return RdpTransport.open(s.host(), s.port(), s.timeout());
        } catch (UnknownHostException e) {
            throw new RdpConnectException(Reason.UNREACHABLE, "the desktop's host name " + s.host() + " is unknown", e);
        } catch (SocketTimeoutException e) {
            throw new RdpConnectException(Reason.TIMEOUT, where + " did not accept a TCP connection within "
                    + s.timeout().toSeconds() + " s", e);
        } catch (ConnectException | NoRouteToHostException e) {
            throw new RdpConnectException(Reason.UNREACHABLE, where + " is unreachable (" + e.getMessage()
                    + "); is the desktop running and its RDP port open?", e);
        } catch (IOException e) {
            throw new RdpConnectException(Reason.UNREACHABLE, "connecting to " + where + " failed: " + e.getMessage(), e);
        }
    }

    /** Licensing, capabilities and finalization run on the reader; wait for them (each step bounded by the timeout). */
    private static void awaitActivation(RdpSettings s, Session session) throws RdpConnectException {
        try {
            session.activation().get(s.timeout().toMillis() * 4, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RdpConnectException rce) {
                throw rce;
            }
            throw new RdpConnectException(Reason.PROTOCOL, "the RDP session failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            session.end(new RdpClosed(RdpClosed.Reason.CLIENT_CLOSED, "connect timed out"));
            throw new RdpConnectException(Reason.TIMEOUT, "the desktop at " + s.host() + ":" + s.port()
                    + " did not finish the capability exchange within " + s.timeout().toSeconds() * 4 + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            session.end(new RdpClosed(RdpClosed.Reason.CLIENT_CLOSED, "interrupted"));
            throw new RdpConnectException(Reason.TIMEOUT, "interrupted while connecting");
        }
    }

    /** The server's TLS certificate, as the settings' {@link ServerTrust} accepted it. */
    public X509Certificate serverCertificate() {
        return certificate;
    }

    /** The desktop's current width (it may change at a reactivation; onConnected says so). */
    public int width() {
        return session.width();
    }

    public int height() {
        return session.height();
    }

    /** A key press or release by PS/2 set-1 scancode; {@code extended} for the 0xE0-prefixed keys. */
    public void sendScancode(int scancode, boolean extended, boolean down) throws IOException {
        send(FastPathInput.scancode(scancode, extended, down));
    }

    /** A character with no scancode, as one UTF-16 code unit. */
    public void sendUnicode(int utf16CodeUnit, boolean down) throws IOException {
        send(FastPathInput.unicode(utf16CodeUnit, down));
    }

    public void sendMouseMove(int x, int y) throws IOException {
        send(FastPathInput.mouseMove(clampX(x), clampY(y)));
    }

    /** Button 0 left, 1 middle, 2 right. */
    public void sendMouseButton(int button, boolean down, int x, int y) throws IOException {
        send(FastPathInput.mouseButton(button, down, clampX(x), clampY(y)));
    }

    /** Wheel rotation in 1/120 notches, positive = up (vertical) or right (horizontal). */
    public void sendWheel(boolean horizontal, int delta, int x, int y) throws IOException {
        send(FastPathInput.wheel(horizontal, delta, clampX(x), clampY(y)));
    }

    /**
     * Puts text on the desktop's clipboard (MS-RDPECLIP: the client announces CF_UNICODETEXT, the
     * desktop fetches it when something there pastes). Before the desktop's clipboard is ready the
     * text waits and is announced then; a later call replaces it. Text over 1 Mi UTF-16 code
     * units is cut there. A desktop without the clipboard channel ignores it (logged).
     */
    public void sendClipboardText(String text) throws IOException {
        if (!session.isOpen()) {
            throw new IOException("the RDP session is closed");
        }
        if (session.clipboard().isEmpty()) {
            log.info("the desktop has no clipboard channel; clipboard text not sent");
            return;
        }
        session.clipboard().get().offerText(text);
    }

    private int clampX(int x) {
        return Math.max(0, Math.min(session.width() - 1, x));
    }

    private int clampY(int y) {
        return Math.max(0, Math.min(session.height() - 1, y));
    }

    private void send(FastPathInput.Event event) throws IOException {
        if (!session.isOpen()) {
            throw new IOException("the RDP session is closed");
        }
        transport.send(FastPathInput.pdu(event));
    }

    /**
     * Disconnects cleanly (MCS Disconnect Provider Ultimatum, as mstsc does: the desktop session
     * stays and a later logon reconnects to it), then the listener gets onClosed(CLIENT_CLOSED).
     */
    @Override
    public void close() {
        if (session.isOpen()) {
            try {
                transport.sendTpkt(X224.data(McsDomain.disconnectProviderUltimatum()));
            } catch (IOException e) {
                log.debug("sending the disconnect to the desktop: {}", e.toString());
            }
        }
        session.end(new RdpClosed(RdpClosed.Reason.CLIENT_CLOSED, "the client closed the session"));
        if (Thread.currentThread() != reader) {
            try {
                reader.join(CLOSE_WAIT);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Bytes received from the server so far (TPKT and fast-path frames, before TLS overhead). */
    public long bytesReceived() {
        return transport.bytesRead();
    }
}
