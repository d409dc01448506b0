package io.gatehouse.proxy.websession;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The gate on real sockets: a Vert.x server with the proxy's WebSocket limits (application.yaml) and
 * the JDK's WebSocket client. Auth's answer to "is this cookie a live session?" is the one stand-in:
 * the cookie "live" is, every other is not (the e2e scenario ForgedBrowserRequestsAreRefused asks a
 * real auth).
 */
class BrowserSocketGateSocketsTest {
    private static final String LIVE = "live";
    private static Vertx vertx;
    private static HttpServer server;
    private static final List<String> opened = new CopyOnWriteArrayList<>();
    private static final List<Integer> received = new CopyOnWriteArrayList<>();
    private static final HttpClient client = HttpClient.newHttpClient();

    /** Opens nothing but records what the gate handed over; echoes the size of each later message. */
    private static final BrowserSocketGate.Kind<String> ECHO = new BrowserSocketGate.Kind<>() {
        @Override
        public String name() {
            return "terminal";
        }

        @Override
        public String target(HttpServerRequest request) {
            String node = request.getParam("node");
            if (node == null || !node.matches("[a-z0-9-]+")) {
                throw new IllegalArgumentException("node must be a node's name");
            }
            return node;
        }

        @Override
        public void foreignOrigin(HttpServerRequest request, String reason) {
        }

        @Override
        public void fail(ServerWebSocket ws, String code, String message) {
            ws.writeTextMessage(code).onComplete(x -> ws.close((short) 1008, code));
        }

        @Override
        public void open(ServerWebSocket ws, String sessionId, String bearer, String target) {
            opened.add(sessionId + "/" + bearer + "/" + target);
            ws.binaryMessageHandler(b -> {
                received.add(b.length());
                ws.writeTextMessage("got " + b.length());
            });
        }
    };

    @BeforeAll
    static void serve() throws Exception {
        vertx = Vertx.vertx();
        WebSessions sessions = new WebSessions(null) {
            @Override
            public boolean isLive(String sessionId) {
                return LIVE.equals(sessionId);
            }
        };
        BrowserSocketGate gate = new BrowserSocketGate(sessions);
        Router router = Router.router(vertx);
        router.get("/ws").handler(rc -> gate.upgrade(rc, ECHO));
        server = vertx.createHttpServer(new HttpServerOptions().setMaxWebSocketFrameSize(BrowserSocketGate.MAX_MESSAGE)
                .setMaxWebSocketMessageSize(BrowserSocketGate.MAX_MESSAGE)).requestHandler(router).listen(0)
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() {
        vertx.close();
    }

    @Test
    void fiftySocketsWithAnUnknownCookieAreRefusedBeforeTheUpgrade() throws Exception {
        for (int i = 0; i < 50; i++) {
            assertEquals(401, refusal(open("bogus-" + i, origin())), "socket " + i);
        }
        assertEquals(401, refusal(open(null, origin())), "no cookie at all");
        assertEquals(403, refusal(open(LIVE, "https://evil.example")), "a foreign page");
        assertTrue(opened.stream().noneMatch(o -> o.startsWith("bogus")), opened.toString());
    }

    @Test
    void aLiveCookieWhoseFirstMessageIsLargeOrNotTheAuthMessageIsClosedWithoutOpening() throws Exception {
        Client big = open(LIVE, origin()).get(10, TimeUnit.SECONDS);
        sendQuietly(big.ws.sendBinary(ByteBuffer.allocate(256 * 1024), true));
        int status = big.closed.get(10, TimeUnit.SECONDS);
        // netty refuses the frame (1009, "message too big"); the client may see only the dropped connection.
        assertTrue(status == 1009 || status == 1006, "a 256 KiB frame closes the socket: " + status);

        Client padded = open(LIVE, origin()).get(10, TimeUnit.SECONDS);
        padded.ws.sendText("{\"type\":\"auth\",\"token\":\"t\",\"x\":\"" + "x".repeat(5000) + "\"}", true);
        assertEquals(1008, padded.closed.get(10, TimeUnit.SECONDS), "a 5 KiB auth message closes the socket");
        assertTrue(padded.texts.contains("unauthenticated"), padded.texts.toString());
        assertTrue(opened.stream().noneMatch(o -> o.endsWith("/t/n1")), opened.toString());
    }

    @Test
    void thePagesAuthMessageOpensTheSocketAndALaterMessageOver64KiBClosesIt() throws Exception {
        Client page = open(LIVE, origin()).get(10, TimeUnit.SECONDS);
        page.ws.sendText("{\"type\":\"auth\",\"token\":\"page-token\"}", true).get(5, TimeUnit.SECONDS);
        page.ws.sendBinary(ByteBuffer.allocate(60 * 1024), true).get(5, TimeUnit.SECONDS);
        waitFor(() -> page.texts.contains("got " + 60 * 1024));
        assertTrue(opened.contains(LIVE + "/page-token/n1"), opened.toString());
        // 4 × 32 KiB frames: each frame is allowed, the message they make is not.
        for (int part = 0; part < 4; part++) {
            sendQuietly(page.ws.sendBinary(ByteBuffer.allocate(32 * 1024), part == 3));
        }
        assertEquals(1008, page.closed.get(10, TimeUnit.SECONDS));
        assertTrue(page.texts.contains("invalid"), page.texts.toString());
        assertTrue(received.stream().allMatch(n -> n <= BrowserSocketGate.MAX_MESSAGE), received.toString());
    }

    private record Client(WebSocket ws, List<String> texts, CompletableFuture<Integer> closed) {
    }

    private static String origin() {
        return "https://127.0.0.1:" + server.actualPort();
    }

    private static CompletableFuture<Client> open(String cookie, String origin) {
        List<String> texts = new CopyOnWriteArrayList<>();
        CompletableFuture<Integer> closed = new CompletableFuture<>();
        WebSocket.Builder b = client.newWebSocketBuilder().header("Origin", origin);
        if (cookie != null) {
            b.header("Cookie", WebSessions.COOKIE + "=" + cookie);
        }
        return b.buildAsync(URI.create("ws://127.0.0.1:" + server.actualPort() + "/ws?node=n1"), new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                texts.add(data.toString());
                ws.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
                closed.complete(status);
                return null;
            }

            @Override
            public void onError(WebSocket ws, Throwable error) {
                closed.complete(1006);
            }
        }).thenApply(ws -> new Client(ws, texts, closed));
    }

    /** The refused upgrade's HTTP status (0 if it was upgraded). */
    private static int refusal(CompletableFuture<Client> attempt) throws Exception {
        try {
            attempt.get(10, TimeUnit.SECONDS).ws.abort();
            return 0;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException h) {
                return h.getResponse().statusCode();
            }
            throw e;
        }
    }

    private static void sendQuietly(CompletableFuture<WebSocket> send) {
        try {
            send.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            // the server may close before all of it is written
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < end) {
            Thread.sleep(20);
        }
    }
}
