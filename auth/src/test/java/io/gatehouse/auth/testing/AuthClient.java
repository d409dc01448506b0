package io.gatehouse.auth.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.shared.api.ApiJson;
import io.gatehouse.shared.cert.IdentityFile;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import javax.net.ssl.SSLContext;

/** A real mutual-TLS client for the auth API, authenticated by an identity file. */
public final class AuthClient {
    public record Reply(int status, JsonNode body, java.net.http.HttpHeaders headers) {
        public String errorCode() {
            return body.path("error").path("code").asText();
        }

        public String errorMessage() {
            return body.path("error").path("message").asText();
        }
    }

    private final HttpClient http;
    private final String base;
    private final ObjectMapper json = ApiJson.newMapper();
    private final java.util.Map<String, String> headers;

    public AuthClient(SSLContext ssl, int port) {
        this(HttpClient.newBuilder().sslContext(ssl).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(15)).build(), "https://localhost:" + port, java.util.Map.of());
    }

    private AuthClient(HttpClient http, String base, java.util.Map<String, String> headers) {
        this.http = http;
        this.base = base;
        this.headers = headers;
    }

    /** The same client, sending one more header with every request (a proxy naming its client's address). */
    public AuthClient withHeader(String name, String value) {
        var more = new java.util.LinkedHashMap<>(headers);
        more.put(name, value);
        return new AuthClient(http, base, java.util.Map.copyOf(more));
    }

    public static AuthClient forIdentity(Path identityFile, int port) throws IOException {
        return new AuthClient(IdentityFile.read(identityFile).sslContext("auth"), port);
    }

    public Reply get(String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    public Reply delete(String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + path)).DELETE());
    }

    public Reply postJson(String path, Object body) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))));
    }

    public Reply putJson(String path, Object body) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))));
    }

    public Reply postYaml(String path, String yaml) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/yaml")
                .POST(HttpRequest.BodyPublishers.ofString(yaml)));
    }

    public Reply putYaml(String path, String yaml) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/yaml")
                .PUT(HttpRequest.BodyPublishers.ofString(yaml)));
    }

    /** A GET whose body is read as it arrives (a recording's content), not collected into a string. */
    public HttpResponse<java.io.InputStream> download(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
    }

    public <T> T read(Reply reply, Class<T> type) throws IOException {
        return json.treeToValue(reply.body(), type);
    }

    private Reply send(HttpRequest.Builder request) throws Exception {
        headers.forEach(request::header);
        HttpResponse<String> r = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode body = r.body() == null || r.body().isBlank() ? json.createObjectNode() : json.readTree(r.body());
        return new Reply(r.statusCode(), body, r.headers());
    }
}
