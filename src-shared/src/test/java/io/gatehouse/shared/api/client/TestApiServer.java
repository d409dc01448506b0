package io.gatehouse.shared.api.client;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.gatehouse.shared.cert.CaType;
import io.gatehouse.shared.cert.HostIdentity;
import io.gatehouse.shared.cert.IdentityFile;
import io.gatehouse.shared.cert.Keys;
import io.gatehouse.shared.cert.X509CertificateSigner;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;

/**
 * A real HTTPS server with auth's server certificate (system role "auth", from a test host CA),
 * answering each "METHOD /path?query" with a canned status and body, and recording what each
 * request carried. With {@code clientCertificates} it requires a client certificate of that CA.
 */
public final class TestApiServer implements AutoCloseable {
    static final KeyPair HOST_CA = Keys.generateEcdsaP256();
    static final X509Certificate HOST_CA_CERT = X509CertificateSigner.selfSignedCa(HOST_CA, "test", CaType.HOST,
            Duration.ofDays(1));

    /** One request as the server saw it; {@code client} is the client certificate's subject, or "". */
    public record Seen(String method, String uri, Map<String, List<String>> headers, String body, String client) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).findFirst()
                    .map(e -> e.getValue().get(0)).orElse(null);
        }
    }

    record Reply(int status, String contentType, String body) {
    }

    public final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final Map<String, Reply> replies = new ConcurrentHashMap<>();
    private final HttpsServer http;

    /** Auth's server certificate, for the key it goes with. */
    private record Presented(KeyPair key, X509Certificate cert) {
        static Presented auth() {
            KeyPair key = Keys.generateEcdsaP256();
            return new Presented(key, new X509CertificateSigner(HOST_CA, HOST_CA_CERT).issueServer(key.getPublic(),
                    "auth", "auth.test", List.of("localhost"), List.of("127.0.0.1"), Duration.ofHours(1), 2));
        }
    }

    public TestApiServer(boolean clientCertificates) throws Exception {
        this(Presented.auth(), clientCertificates);
    }

    private TestApiServer(Presented presented, boolean clientCertificates) throws Exception {
        this(presented.key(), presented.cert(), HOST_CA_CERT, clientCertificates);
    }

    /** A server presenting {@code key} with {@code cert} issued by {@code ca} (any role, any names). */
    public TestApiServer(KeyPair key, X509Certificate cert, X509Certificate ca, boolean clientCertificates)
            throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("k", key.getPrivate(), new char[0], new Certificate[] {cert, ca});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, new char[0]);
        KeyStore ts = KeyStore.getInstance("PKCS12");
        ts.load(null, null);
        ts.setCertificateEntry("ca", ca);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ts);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        http = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.setHttpsConfigurator(new HttpsConfigurator(ctx) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters p = ctx.getDefaultSSLParameters();
                p.setNeedClientAuth(clientCertificates);
                params.setSSLParameters(p);
            }
        });
        http.createContext("/", this::handle);
        http.start();
    }

    public void reply(String methodAndUri, int status, String json) {
        replies.put(methodAndUri, new Reply(status, "application/json", json));
    }

    void replyText(String methodAndUri, int status, String contentType, String text) {
        replies.put(methodAndUri, new Reply(status, contentType, text));
    }

    public String hostPort() {
        return "127.0.0.1:" + http.getAddress().getPort();
    }

    /** A proxy identity of the test cluster (its client certificate, trusting auth's). */
    public static IdentityFile identity() {
        KeyPair key = Keys.generateEcdsaP256();
        X509Certificate cert = new X509CertificateSigner(HOST_CA, HOST_CA_CERT).issueHost(key.getPublic(),
                new HostIdentity("proxy-id", "proxy", "test", List.of("proxy"), List.of(), Instant.now(),
                        Instant.now().plusSeconds(600)), 4);
        return new IdentityFile(Keys.privateKeyToPem(key.getPrivate()), "", Keys.certificateToPem(cert),
                List.of(Keys.certificateToPem(HOST_CA_CERT)), List.of());
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String client = "";
        try {
            Certificate[] peer = ((HttpsExchange) exchange).getSSLSession().getPeerCertificates();
            client = ((X509Certificate) peer[0]).getSubjectX500Principal().getName();
        } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
            // no client certificate: the bearer flavour
        }
        String key = exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath()
                + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery());
        seen.add(new Seen(exchange.getRequestMethod(), key.substring(key.indexOf(' ') + 1),
                Map.copyOf(exchange.getRequestHeaders()), body, client));
        Reply reply = replies.getOrDefault(key, new Reply(404, "application/json",
                "{\"error\":{\"code\":\"not_found\",\"message\":\"nothing at " + key + "\"}}"));
        byte[] out = reply.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", reply.contentType());
        exchange.sendResponseHeaders(reply.status(), out.length == 0 ? -1 : out.length);
        if (out.length > 0) {
            exchange.getResponseBody().write(out);
        }
        exchange.close();
    }

    @Override
    public void close() {
        http.stop(0);
    }
}
