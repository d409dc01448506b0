package io.gatehouse.e2e.bench;

import io.gatehouse.e2e.support.WebClient;
import io.gatehouse.shared.desktop.DesktopFrame;
import io.gatehouse.shared.desktop.InputFrame;
import io.gatehouse.shared.desktop.MalformedFrame;
import io.gatehouse.shared.desktop.ServerFrame;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The browser's side of a Gatehouse desktop (docs/desktop-protocol.md) from a plain Java WebSocket
 * client: WebSocket -> proxy -> tunnel -> agent -> RDP engine -> xrdp. Every binary message is one
 * frame (io.gatehouse.shared.desktop, as the agent writes them); TILE frames are logged with the raw
 * size of the rectangle they paint. A text message is the proxy's refusal, {"type":"error",...}.
 */
final class GatehouseDesktopLink implements DesktopLink {
    private final String label;
    private final long agentPid;
    private final ScreenUpdates updates = new ScreenUpdates();
    private final AtomicLong wire = new AtomicLong();
    private final CompletableFuture<String> screen = new CompletableFuture<>();
    private volatile String ended;
    private WebSocket ws;

    private GatehouseDesktopLink(String label, long agentPid) {
        this.label = label;
        this.agentPid = agentPid;
    }

    /**
     * Opens the desktop and returns once its first SCREEN frame arrived. Retries while auth does not
     * list the desktop yet (the agent's first heartbeat), up to 60 s.
     */
    static GatehouseDesktopLink open(String label, WebClient web, WebClient.Session session, String desktop,
            String login, int width, int height, long agentPid) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (true) {
            GatehouseDesktopLink link = new GatehouseDesktopLink(label, agentPid);
            try {
                link.connect(web, session, desktop, login, width, height);
                return link;
            } catch (IllegalStateException e) {
                link.close();
                boolean notYet = e.getMessage().contains("not_found") || e.getMessage().contains("offline");
                if (!notYet || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(1000);
            }
        }
    }

    private void connect(WebClient web, WebClient.Session session, String desktop, String login, int width, int height)
            throws Exception {
        String query = "desktop=" + URLEncoder.encode(desktop, StandardCharsets.UTF_8) + "&login="
                + URLEncoder.encode(login, StandardCharsets.UTF_8) + "&width=" + width + "&height=" + height;
        ws = web.httpClient().newWebSocketBuilder().header("Origin", web.origin())
                .header("Cookie", WebClient.COOKIE + "=" + session.cookie())
                .buildAsync(URI.create("wss://127.0.0.1:" + web.port() + "/v1/webapi/desktop?" + query), new Listener())
                .get(20, TimeUnit.SECONDS);
        ws.sendText("{\"type\":\"auth\",\"token\":\"" + session.token() + "\"}", true).get(5, TimeUnit.SECONDS);
        String first = screen.get(60, TimeUnit.SECONDS);
        if (!first.equals("screen")) {
            throw new IllegalStateException("desktop " + desktop + " did not connect: " + first);
        }
    }

    /** Reassembles messages (the JDK client may hand one over in parts) and logs each frame at its last part. */
    private final class Listener implements WebSocket.Listener {
        private final ByteArrayOutputStream message = new ByteArrayOutputStream(1 << 16);

        @Override
        public CompletionStage<?> onBinary(WebSocket s, ByteBuffer data, boolean last) {
            byte[] part = new byte[data.remaining()];
            data.get(part);
            message.writeBytes(part);
            if (last) {
                frame(System.nanoTime(), message.toByteArray());
                message.reset();
            }
            s.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onText(WebSocket s, CharSequence data, boolean last) {
            ended = "refused: " + data;
            screen.complete(ended);
            s.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket s, int status, String reason) {
            ended = "WebSocket closed: " + status + " " + reason;
            screen.complete(ended);
            return null;
        }

        @Override
        public void onError(WebSocket s, Throwable error) {
            ended = "WebSocket failed: " + error;
            screen.complete(ended);
        }
    }

    private void frame(long nanos, byte[] f) {
        wire.addAndGet(f.length);
        if (f.length == 0) {
            return;
        }
        DesktopFrame frame;
        try {
            frame = DesktopFrame.parse(f);
        } catch (MalformedFrame e) {
            ended = "malformed frame: " + e.getMessage();
            screen.complete(ended);
            return;
        }
        switch (frame) {
            case ServerFrame.Tile t -> updates.add(nanos, 4L * t.width() * t.height());
            case ServerFrame.Screen s -> screen.complete("screen");
            case ServerFrame.Error e -> {
                ended = "ERROR " + e.code() + ": " + e.message();
                screen.complete(ended);
            }
            case ServerFrame.Closed c -> {
                ended = "CLOSED " + c.reason();
                screen.complete(ended);
            }
            default -> {
                // who/where, pointer frames, clipboard: counted on the wire only
            }
        }
    }

    /** Why the desktop ended, if it did (a CLOSED or ERROR frame, or the WebSocket closing). */
    String ended() {
        return ended;
    }

    @Override
    public String label() {
        return label;
    }

    @Override
    public void key(int scancode, boolean down) throws Exception {
        send(new InputFrame.Key(down, scancode));
    }

    @Override
    public void mouseMove(int x, int y) throws Exception {
        send(new InputFrame.MouseMove(x, y));
    }

    private void send(InputFrame frame) throws Exception {
        if (ended != null) {
            throw new IllegalStateException(label + ": the desktop ended: " + ended);
        }
        ws.sendBinary(ByteBuffer.wrap(frame.write()), true).get(5, TimeUnit.SECONDS);
    }

    @Override
    public ScreenUpdates updates() {
        return updates;
    }

    @Override
    public long wireBytes() {
        return wire.get();
    }

    @Override
    public long serverCpuNanos() {
        return processCpuNanos(agentPid);
    }

    /** utime + stime of a process (all its threads) from /proc/PID/stat, in ns; -Dbench.ticks is CLK_TCK (100). */
    static long processCpuNanos(long pid) {
        long tickNanos = 1_000_000_000L / Long.getLong("bench.ticks", 100);
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // fields after "(comm)": state is index 0, utime is field 14 of the whole line -> index 11 here
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * tickNanos;
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot read the CPU time of process " + pid + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (ws != null) {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "bench done").orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null)
                    .join();
            ws.abort();
        }
    }
}
