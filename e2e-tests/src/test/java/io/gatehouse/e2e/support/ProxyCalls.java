package io.gatehouse.e2e.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.shared.api.ApiJson;
import io.gatehouse.shared.cert.IdentityFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Calls auth as the local proxy does (mTLS with proxy.identity): what the web UI and `gate login`
 * will reach through the proxy once it exists.
 */
public final class ProxyCalls {
    public record Reply(int status, JsonNode body) {
        public String message() {
            return body.path("error").path("message").asText();
        }
    }

    private final HttpClient http;
    private final String base;
    private final ObjectMapper json = ApiJson.newMapper();

    public ProxyCalls(Path identity, int port) throws Exception {
        http = HttpClient.newBuilder().sslContext(IdentityFile.read(identity).sslContext("auth"))
                .version(HttpClient.Version.HTTP_1_1).build();
        base = "https://localhost:" + port;
    }

    public Reply get(String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    public Reply getWithHeader(String path, String header, String value) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header(header, value).GET());
    }

    public Reply post(String path, Object body) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))));
    }

    public Reply postYaml(String path, String yaml) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/yaml")
                .POST(HttpRequest.BodyPublishers.ofString(yaml)));
    }

    private Reply send(HttpRequest.Builder b) throws Exception {
        HttpResponse<String> r = http.send(b.timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), r.body().isBlank() ? json.createObjectNode() : json.readTree(r.body()));
    }
}
