package io.gatehouse.e2e.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * A raw HTTP client speaking to the proxy's web API as a browser's page would (cookie + bearer
 * token), or as an attacker would (cookie only, a foreign Origin): what the browser tests cannot
 * make Chromium do. It trusts any server certificate: it only ever talks to the test's own proxy.
 */
public final class WebClient {
    public static final String COOKIE = "__Host-gatehouse_session";
    private static final ObjectMapper JSON = new ObjectMapper();

    public record Reply(int status, JsonNode body, HttpResponse<String> raw) {
        public String message() {
            return body.path("error").path("message").asText(body.toString());
        }
    }

    /** A browser session: the cookie's value and the page's bearer token. */
    public record Session(String cookie, String token) {
    }

    private final HttpClient http;
    private final String base;
    private final int port;

    public WebClient(int port) throws Exception {
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, new TrustManager[] {new TrustAll()}, new SecureRandom());
        this.http = HttpClient.newBuilder().sslContext(ssl).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        this.port = port;
        this.base = "https://127.0.0.1:" + port;
    }

    public HttpClient httpClient() {
        return http;
    }

    public int port() {
        return port;
    }

    public String origin() {
        return base;
    }

    public Session login(String user, String password, String code) throws Exception {
        Reply r = call("POST", "/v1/webapi/sessions", JSON.writeValueAsString(java.util.Map.of("username", user,
                "password", password, "totp_code", code)), null, null, null);
        if (r.status() != 200) {
            throw new AssertionError("web login of " + user + " failed: " + r.status() + " " + r.message());
        }
        String setCookie = r.raw().headers().firstValue("set-cookie").orElseThrow();
        String cookie = setCookie.substring(setCookie.indexOf('=') + 1, setCookie.indexOf(';'));
        return new Session(cookie, r.body().path("token").asText());
    }

    /** Any call; {@code cookie}, {@code bearer} and {@code origin} are sent when not null. */
    public Reply call(String method, String path, String body, String cookie, String bearer, String origin)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (cookie != null) {
            b.header("Cookie", COOKIE + "=" + cookie);
        }
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        if (origin != null) {
            b.header("Origin", origin);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = r.body() == null || r.body().isBlank() ? JSON.createObjectNode() : parse(r.body());
        return new Reply(r.statusCode(), json, r);
    }

    /** What a terminal WebSocket did: refused at the upgrade (status), or the messages it got. */
    public record Terminal(int refusedStatus, List<String> texts, StringBuilder output, WebSocket socket) {
    }

    /**
     * Opens the terminal WebSocket as a page would (Origin, cookie, then the auth message) and
     * collects what comes back for {@code wait}.
     */
    public Terminal terminal(Session session, String origin, String node, String login, String send, Duration wait)
            throws Exception {
        List<String> texts = new CopyOnWriteArrayList<>();
        StringBuilder output = new StringBuilder();
        LinkedBlockingQueue<Boolean> closed = new LinkedBlockingQueue<>();
        WebSocket ws;
        try {
            ws = webSocket(URI.create("wss://127.0.0.1:" + port + "/v1/webapi/terminal?node=" + node + "&login="
                    + login + "&cols=80&rows=24"), origin, COOKIE + "=" + session.cookie(), texts::add, b -> {
                        synchronized (output) {
                            output.append(new String(b, java.nio.charset.StandardCharsets.UTF_8));
                        }
                    }, () -> closed.add(true));
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof java.net.http.WebSocketHandshakeException h) {
                return new Terminal(h.getResponse().statusCode(), texts, output, null);
            }
            throw e;
        }
        ws.sendText("{\"type\":\"auth\",\"token\":\"" + session.token() + "\"}", true).get(5, TimeUnit.SECONDS);
        if (send != null) {
            waitFor(() -> texts.stream().anyMatch(t -> t.contains("\"connected\"") || t.contains("\"error\"")),
                    Duration.ofSeconds(20));
            if (texts.stream().anyMatch(t -> t.contains("\"connected\""))) {
                ws.sendBinary(ByteBuffer.wrap(send.getBytes(java.nio.charset.StandardCharsets.UTF_8)), true)
                        .get(5, TimeUnit.SECONDS);
            }
        }
        closed.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        return new Terminal(0, texts, output, ws);
    }

    /**
     * A WebSocket from this client (its TLS settings), as a page would open it: Origin and, if given,
     * Cookie headers. Each text and binary message goes to its callback; a close frame to onClose.
     * A refused upgrade fails with an ExecutionException caused by WebSocketHandshakeException.
     */
    public WebSocket webSocket(URI uri, String origin, String cookie, Consumer<String> texts, Consumer<byte[]> binaries,
            Runnable onClose) throws Exception {
        WebSocket.Builder builder = http.newWebSocketBuilder().header("Origin", origin);
        if (cookie != null) {
            builder.header("Cookie", cookie);
        }
        return builder.buildAsync(uri, new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                texts.accept(data.toString());
                ws.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
                byte[] b = new byte[data.remaining()];
                data.get(b);
                binaries.accept(b);
                ws.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
                onClose.run();
                return null;
            }
        }).get(20, TimeUnit.SECONDS);
    }

    public static void waitFor(java.util.function.BooleanSupplier condition, Duration limit)
            throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < end) {
            Thread.sleep(50);
        }
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (Exception e) {
            return JSON.createObjectNode().put("raw", body);
        }
    }

    /** Test-only: the proxy's certificate comes from the cluster's own CA, which this client need not check. */
    private static final class TrustAll implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
