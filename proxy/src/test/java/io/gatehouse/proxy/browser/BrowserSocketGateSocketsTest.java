package io.gatehouse.proxy.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.proxy.websession.WebSessions;
import io.gatehouse.shared.api.WebSessionDto;
import io.gatehouse.shared.api.client.AuthCallException;
import io.gatehouse.shared.cert.CaType;
import io.gatehouse.shared.cert.Keys;
import io.gatehouse.shared.cert.UserIdentity;
import io.gatehouse.shared.cert.X509CertificateSigner;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shared browser-socket path on real sockets: a Vert.x server with the proxy's WebSocket limits
 * (application.yaml), the JDK's WebSocket client, the real gate, bridge and session watch. Auth is
 * the one stand-in: the cookie "live" names alice's session (a real certificate from a test CA),
 * "ending" one whose full look-up says it ended, every other cookie no session (the e2e scenario
 * ForgedBrowserRequestsAreRefused asks a real auth).
 */
class BrowserSocketGateSocketsTest {
    private static final String LIVE = "live";
    private static final String ENDING = "ending";
    private static Vertx vertx;
    private static HttpServer server;
    private static final List<String> opened = new CopyOnWriteArrayList<>();
    private static final List<String> audited = new CopyOnWriteArrayList<>();
    private static final List<String> closed = new CopyOnWriteArrayList<>();
    private static final List<Integer> received = new CopyOnWriteArrayList<>();
    private static final HttpClient client = HttpClient.newHttpClient();
    private static WebSessionDto.Session alice;

    /**
     * A feature that opens nothing: it records who opened what, echoes the size of each binary
     * message, and refuses the target "refused" as the proxy's own check would.
     */
    private static final BrowserFeature<String> ECHO = new BrowserFeature<>() {
        @Override
        public String name() {
            return "terminal";
        }

        @Override
        public String what() {
            return "this terminal";
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
        public void refusedRequest(HttpServerRequest request, String reason) {
            audited.add("?/" + request.getParam("node") + ": " + reason);
        }

        @Override
        public void refused(String user, String target, String reason, String from) {
            audited.add(user + "/" + target + ": " + reason);
        }

        @Override
        public BrowserConnection connect(String target, BrowserSocket socket) {
            return new BrowserConnection() {
                @Override
                public void fromPage(Buffer message) {
                    received.add(message.length());
                    socket.ws().writeTextMessage("got " + message.length());
                }

                @Override
                public void open(BrowserCaller caller) {
                    if (target.equals("refused")) {
                        throw new Refused("access_denied", "no role of " + caller.user().username()
                                + " gives the login 'root' on node 'refused'");
                    }
                    opened.add(caller.user().username() + "/" + caller.session().bearerToken() + "/" + target);
                }

                @Override
                public String cannotOpen(Exception e) {
                    return "cannot open " + target + ": " + e.getMessage();
                }

                @Override
                public void close() {
                    closed.add(target);
                }
            };
        }
    };

    @BeforeAll
    static void serve() throws Exception {
        vertx = Vertx.vertx();
        KeyPair ca = Keys.generateEcdsaP256();
        X509Certificate caCert = X509CertificateSigner.selfSignedCa(ca, "test", CaType.USER, Duration.ofDays(1));
        Instant now = Instant.now();
        UserIdentity id = new UserIdentity("alice", List.of("access"), Map.of(), List.of("root"),
                now.minusSeconds(60), now.plus(Duration.ofHours(1)), Map.of(), false, false, Optional.empty());
        String cert = Keys.certificateToPem(new X509CertificateSigner(ca, caCert).issueUser(Keys.generateEcdsaP256()
                .getPublic(), id, 1));
        WebSessions sessions = new WebSessions(null) {
            @Override
            public boolean isLive(String sessionId) {
                return LIVE.equals(sessionId) || ENDING.equals(sessionId);
            }

            @Override
            public WebSessionDto.Session lookup(String sessionId, String bearer, boolean requireBearer,
                    boolean includeKey, boolean includeBearer) {
                if (!LIVE.equals(sessionId)) {
                    throw new AuthCallException(401, "session_expired", "your web session ended; log in again");
                }
                return new WebSessionDto.Session("alice", List.of("access"), List.of("root"), id.expires(), 0, cert,
                        null, null, bearer, null, null);
            }
        };
        SessionWatch.Watches watches = new SessionWatch.Watches(sessions, new AccessRequestWatch(null, vertx), vertx);
        BrowserSocketGate gate = new BrowserSocketGate(sessions, watches);
        Router router = Router.router(vertx);
        gate.route(router, "/ws", ECHO);
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
        int openedBefore = opened.size();
        for (int i = 0; i < 50; i++) {
            assertEquals(401, refusal(open("bogus-" + i, origin())), "socket " + i);
        }
        assertEquals(401, refusal(open(null, origin())), "no cookie at all");
        assertEquals(403, refusal(open(LIVE, "https://evil.example")), "a foreign page");
        assertEquals(openedBefore, opened.size(), opened.toString());
        assertTrue(audited.stream().anyMatch(a -> a.contains("foreign origin https://evil.example")),
                audited.toString());
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
        assertEquals("unauthenticated", refusalCode(padded), padded.texts.toString());
        assertTrue(opened.stream().noneMatch(o -> o.endsWith("/t/n1")), opened.toString());
    }

    @Test
    void thePagesAuthMessageOpensTheSocketAndALaterMessageOver64KiBClosesIt() throws Exception {
        Client page = open(LIVE, origin()).get(10, TimeUnit.SECONDS);
        page.ws.sendText("{\"type\":\"auth\",\"token\":\"page-token\"}", true).get(5, TimeUnit.SECONDS);
        page.ws.sendBinary(ByteBuffer.allocate(60 * 1024), true).get(5, TimeUnit.SECONDS);
        waitFor(() -> page.texts.contains("got " + 60 * 1024) && opened.contains("alice/page-token/n1"));
        assertTrue(opened.contains("alice/page-token/n1"), opened.toString());
        // 4 × 32 KiB frames: each frame is allowed, the message they make is not.
        for (int part = 0; part < 4; part++) {
            sendQuietly(page.ws.sendBinary(ByteBuffer.allocate(32 * 1024), part == 3));
        }
        assertEquals(1008, page.closed.get(10, TimeUnit.SECONDS));
        assertEquals("invalid", refusalCode(page), page.texts.toString());
        assertTrue(received.stream().allMatch(n -> n <= BrowserSocketGate.MAX_MESSAGE), received.toString());
    }

    @Test
    void theProxysOwnRefusalIsAuditedSentInTheOneFormatAndTheConnectionClosed() throws Exception {
        Client page = open(LIVE, origin(), "refused").get(10, TimeUnit.SECONDS);
        page.ws.sendText("{\"type\":\"auth\",\"token\":\"page-token\"}", true).get(5, TimeUnit.SECONDS);
        assertEquals(1000, page.closed.get(10, TimeUnit.SECONDS));
        assertEquals("access_denied", refusalCode(page), page.texts.toString());
        assertTrue(page.texts.get(0).contains("no role of alice gives the login 'root'"), page.texts.toString());
        assertTrue(audited.contains("alice/refused: no role of alice gives the login 'root' on node 'refused'"),
                audited.toString());
        waitFor(() -> closed.contains("refused"));
        assertTrue(closed.contains("refused"), "the connection was closed: " + closed);
    }

    @Test
    void aSessionThatEndedBetweenTheGateAndTheLookUpIsToldSoAndNothingOpens() throws Exception {
        Client page = open(ENDING, origin(), "late").get(10, TimeUnit.SECONDS);
        page.ws.sendText("{\"type\":\"auth\",\"token\":\"page-token\"}", true).get(5, TimeUnit.SECONDS);
        page.closed.get(10, TimeUnit.SECONDS);
        assertEquals("session_expired", refusalCode(page), page.texts.toString());
        assertTrue(opened.stream().noneMatch(o -> o.endsWith("/late")), opened.toString());
    }

    @Test
    void aMalformedControlMessageEndsTheSocketAndThePageClosingItClosesTheConnection() throws Exception {
        Client page = open(LIVE, origin(), "n2").get(10, TimeUnit.SECONDS);
        page.ws.sendText("{\"type\":\"auth\",\"token\":\"page-token\"}", true).get(5, TimeUnit.SECONDS);
        waitFor(() -> opened.contains("alice/page-token/n2"));
        page.ws.sendText("not json", true).get(5, TimeUnit.SECONDS);
        page.closed.get(10, TimeUnit.SECONDS);
        assertEquals("invalid", refusalCode(page), page.texts.toString());
        waitFor(() -> closed.contains("n2"));
        assertTrue(closed.contains("n2"), closed.toString());

        Client other = open(LIVE, origin(), "n3").get(10, TimeUnit.SECONDS);
        other.ws.sendText("{\"type\":\"auth\",\"token\":\"page-token\"}", true).get(5, TimeUnit.SECONDS);
        waitFor(() -> opened.contains("alice/page-token/n3"));
        other.ws.sendClose(WebSocket.NORMAL_CLOSURE, "page closed").get(5, TimeUnit.SECONDS);
        waitFor(() -> closed.contains("n3"));
        assertTrue(closed.contains("n3"), closed.toString());
    }

    /** The code of the page's refusal message {"type":"error","code","message"}, the one format. */
    private static String refusalCode(Client page) throws Exception {
        assertEquals(1, page.texts.stream().filter(t -> t.startsWith("{")).count(), page.texts.toString());
        JsonNode m = new ObjectMapper().readTree(page.texts.stream().filter(t -> t.startsWith("{")).findFirst()
                .orElseThrow());
        assertEquals("error", m.path("type").asText(), m.toString());
        assertTrue(m.path("message").asText().length() > 10, m.toString());
        return m.path("code").asText();
    }

    private record Client(WebSocket ws, List<String> texts, CompletableFuture<Integer> closed) {
    }

    private static String origin() {
        return "https://127.0.0.1:" + server.actualPort();
    }

    private static CompletableFuture<Client> open(String cookie, String origin) {
        return open(cookie, origin, "n1");
    }

    private static CompletableFuture<Client> open(String cookie, String origin, String node) {
        List<String> texts = new CopyOnWriteArrayList<>();
        CompletableFuture<Integer> closed = new CompletableFuture<>();
        WebSocket.Builder b = client.newWebSocketBuilder().header("Origin", origin);
        if (cookie != null) {
            b.header("Cookie", WebSessions.COOKIE + "=" + cookie);
        }
        URI uri = URI.create("ws://127.0.0.1:" + server.actualPort() + "/ws?node=" + node);
        return b.buildAsync(uri, new WebSocket.Listener() {
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
