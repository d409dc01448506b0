package io.gatehouse.agent.desktop;

import io.gatehouse.rdp.RdpClient;
import io.gatehouse.rdp.RdpClosed;
import io.gatehouse.rdp.RdpListener;
import io.gatehouse.rdp.RdpSettings;
import io.gatehouse.shared.desktop.DesktopFrame;
import io.gatehouse.shared.desktop.FrameStream;
import io.gatehouse.shared.desktop.MalformedFrame;
import io.gatehouse.shared.desktop.ServerFrame;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live part of a desktop session: the RDP client's screen into ScreenTiles and out as frames
 * on a sender thread; the browser's input into the RDP client. A RESIZE reconnects the RDP
 * session at the new size once the page has kept that size for a second (xrdp 0.9 cannot resize
 * a running session); each connection is a generation, and events of an old one are ignored.
 */
final class ScreenStream implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ScreenStream.class);
    /** Updates come in bursts (a repaint is many bitmaps): gather a burst into one pass of tiles. */
    private static final long GATHER_MS = 3;
    private static final long RESIZE_SETTLE_MS = 1000;

    interface Connector {
        RdpClient connect(RdpSettings settings, RdpListener listener) throws IOException;
    }

    private final FrameWriter out;
    private final int encoding;
    private final Connector connector;
    private final InputStream input;
    private final AtomicInteger generation = new AtomicInteger();
    private volatile RdpClient rdp;
    private volatile ScreenTiles tiles;
    private volatile RdpSettings settings;
    private volatile String endedWhy;
    private volatile int[] pendingSize;
    private volatile long pendingSince;
    private volatile boolean closed;

    ScreenStream(FrameWriter out, int encoding, Connector connector, InputStream input) {
        this.out = out;
        this.encoding = encoding;
        this.connector = connector;
        this.input = input;
    }

    void connect(RdpSettings s) throws IOException {
        settings = s;
        int gen = generation.incrementAndGet();
        rdp = connector.connect(s, new Listener(gen));
        Thread.ofVirtual().name("desktop-tiles").start(this::sendTiles);
    }

    /** Input frames until the proxy goes away or the desktop ends the session; returns why it ended. */
    String pump(DataInputStream frames) throws IOException, MalformedFrame {
        try {
            for (var f = FrameStream.read(frames, FrameStream.MAX_INPUT_FRAME); f.isPresent();
                    f = FrameStream.read(frames, FrameStream.MAX_INPUT_FRAME)) {
                if (endedWhy != null) {
                    break;
                }
                switch (DesktopInput.apply(DesktopFrame.parse(f.get()), rdp)) {
                    case DesktopInput.Resize r -> {
                        pendingSize = DesktopInput.sizeFor(r.width(), r.height());
                        pendingSince = System.nanoTime();
                    }
                    case DesktopInput.Clipboard c -> rdp.sendClipboardText(c.text());
                    default -> {
                    }
                }
            }
        } catch (IOException e) {
            if (endedWhy == null) {
                throw e;
            }
        }
        return endedWhy != null ? endedWhy : "the browser closed the session";
    }

    private void sendTiles() {
        try {
            while (!closed && endedWhy == null) {
                ScreenTiles t = tiles;
                if (t == null || !t.awaitChange(50)) {
                    maybeResize();
                    continue;
                }
                Thread.sleep(GATHER_MS);
                for (byte[] frame : t.takeFrames()) {
                    out.write(frame);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            LOG.debug("tile sender stopped: {}", e.toString());
            end("the connection to the browser was lost");
        }
    }

    private void maybeResize() throws IOException {
        int[] size = pendingSize;
        if (size == null || System.nanoTime() - pendingSince < RESIZE_SETTLE_MS * 1_000_000) {
            return;
        }
        pendingSize = null;
        RdpSettings s = settings;
        if (size[0] == s.width() && size[1] == s.height()) {
            return;
        }
        LOG.info("desktop resized to {}x{}: reconnecting the RDP session", size[0], size[1]);
        RdpClient old = rdp;
        generation.incrementAndGet(); // the old client's close is not the session's end
        old.close();
        settings = s.withSize(size[0], size[1]);
        rdp = connector.connect(settings, new Listener(generation.get()));
    }

    private void end(String why) {
        if (endedWhy == null) {
            endedWhy = why;
            try {
                input.close(); // wakes pump()
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        RdpClient r = rdp;
        if (r != null) {
            generation.incrementAndGet();
            r.close();
        }
    }

    /** One RDP connection's events; stale once a newer connection exists. */
    private final class Listener implements RdpListener {
        private final int gen;

        Listener(int gen) {
            this.gen = gen;
        }

        private boolean current() {
            return gen == generation.get();
        }

        @Override
        public void onConnected(int width, int height) {
            if (!current()) {
                return;
            }
            tiles = new ScreenTiles(width, height, encoding);
            out.tryWrite(new ServerFrame.Screen(width, height));
        }

        @Override
        public void onBitmap(int x, int y, int width, int height, int[] argb) {
            ScreenTiles t = tiles;
            if (current() && t != null) {
                t.paint(x, y, width, height, argb);
            }
        }

        @Override
        public void onPointerPosition(int x, int y) {
            if (current()) {
                out.tryWrite(new ServerFrame.PointerPosition(x, y));
            }
        }

        @Override
        public void onPointerShape(int hotX, int hotY, int width, int height, int[] argb) {
            if (current()) {
                out.tryWrite(width == 0 || height == 0 ? ServerFrame.PointerShape.hidden()
                        : ServerFrame.PointerShape.image(hotX, hotY, ScreenTiles.pngWithAlpha(width, height, argb)));
            }
        }

        @Override
        public void onPointerSystem(boolean hidden) {
            if (current()) {
                out.tryWrite(hidden ? ServerFrame.PointerShape.hidden() : ServerFrame.PointerShape.arrow());
            }
        }

        @Override
        public void onClipboardText(String text) {
            if (current()) {
                out.tryWrite(new ServerFrame.Clipboard(text));
            }
        }

        @Override
        public void onClosed(RdpClosed why) {
            if (!current()) {
                return;
            }
            if (why.reason() == RdpClosed.Reason.LOGON_FAILED) {
                out.tryWrite(new ServerFrame.Error("bad_credential", why.message()));
            } else if (why.reason() == RdpClosed.Reason.SERVER_DISCONNECTED
                    || why.reason() == RdpClosed.Reason.CLIENT_CLOSED) {
                out.tryWrite(new ServerFrame.Closed(why.message()));
            } else {
                out.tryWrite(new ServerFrame.Error(why.reason() == RdpClosed.Reason.PROTOCOL ? "protocol"
                        : "unreachable", why.message()));
            }
            end(why.message());
        }
    }
}
