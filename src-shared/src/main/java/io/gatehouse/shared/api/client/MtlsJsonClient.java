package io.gatehouse.shared.api.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.shared.api.ApiJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import javax.net.ssl.SSLContext;

/**
 * JSON over HTTPS with a client certificate: how the proxy and the agents call auth (and agents
 * the proxy). Errors come back as AuthCallException with the server's message for a person.
 */
public final class MtlsJsonClient {
    private final HttpClient http;
    private final String base;
    private final ObjectMapper json = ApiJson.newMapper();

    public MtlsJsonClient(SSLContext ssl, String hostPort) {
        this.http = HttpClient.newBuilder().sslContext(ssl).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        this.base = "https://" + hostPort;
    }

    public <T> T get(String path, Class<T> type) {
        return read(send(HttpRequest.newBuilder(URI.create(base + path)).GET()), type);
    }

    /** A GET with one extra header (a proxy forwarding the certificate of the user it acts for). */
    public <T> T get(String path, Class<T> type, String header, String value) {
        return read(send(HttpRequest.newBuilder(URI.create(base + path)).header(header, value).GET()), type);
    }

    /**
     * A GET whose body is handed over unread (a recording's content), to be streamed on by the
     * caller, who closes it. A refusal comes back as AuthCallException like any other call's.
     */
    public java.io.InputStream download(String path, String header, String value) {
        HttpResponse<java.io.InputStream> r;
        try {
            r = http.send(HttpRequest.newBuilder(URI.create(base + path)).header(header, value).GET()
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new AuthCallException(0, "unreachable", "cannot reach " + base + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AuthCallException(0, "interrupted", "interrupted");
        }
        if (r.statusCode() < 400) {
            return r.body();
        }
        try (java.io.InputStream error = r.body()) {
            JsonNode body = json.readTree(error.readNBytes(64 * 1024)).path("error");
            throw new AuthCallException(r.statusCode(), body.path("code").asText("error"),
                    body.path("message").asText("HTTP " + r.statusCode() + " from " + base));
        } catch (IOException e) {
            throw new AuthCallException(r.statusCode(), "error", "HTTP " + r.statusCode() + " from " + base);
        }
    }

    public <T> T post(String path, Object body, Class<T> type) {
        return call("POST", path, body, type, null, null);
    }

    /**
     * Any method, with a JSON body (or none) and one extra header (or none): the proxy acting for
     * a browser user, whose certificate it forwards in {@code header}.
     */
    public <T> T call(String method, String path, Object body, Class<T> type, String header, String value) {
        try {
            HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body));
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).method(method, publisher)
                    .header("Content-Type", "application/json");
            if (header != null) {
                request.header(header, value);
            }
            return read(send(request), type);
        } catch (IOException e) {
            throw new AuthCallException(0, "invalid", "cannot encode the request: " + e.getMessage());
        }
    }

    /**
     * For start-up: makes the call until the server answers (it may be starting too), telling
     * {@code onWait} each time, for at most {@code limit}; an HTTP error is a refusal, not retried.
     */
    public <T> T whenReachable(String what, Duration limit, java.util.function.Consumer<String> onWait,
            java.util.function.Function<MtlsJsonClient, T> call) {
        java.time.Instant deadline = java.time.Instant.now().plus(limit);
        while (true) {
            try {
                return call.apply(this);
            } catch (AuthCallException e) {
                if (e.status() != 0 || java.time.Instant.now().isAfter(deadline)) {
                    throw e;
                }
                onWait.accept("cannot reach " + base + " for " + what + " yet (" + e.getMessage() + "); retrying in 2 s");
                try {
                    Thread.sleep(2000);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    public ObjectMapper json() {
        return json;
    }

    private JsonNode send(HttpRequest.Builder request) {
        HttpResponse<String> r;
        try {
            r = http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AuthCallException(0, "unreachable", "cannot reach " + base + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AuthCallException(0, "interrupted", "interrupted");
        }
        JsonNode body;
        try {
            body = r.body() == null || r.body().isBlank() ? json.createObjectNode() : json.readTree(r.body());
        } catch (IOException e) {
            body = json.createObjectNode();
        }
        if (r.statusCode() >= 400) {
            JsonNode error = body.path("error");
            throw new AuthCallException(r.statusCode(), error.path("code").asText("error"),
                    error.path("message").asText("HTTP " + r.statusCode() + " from " + base),
                    retryAt(error.path("retry_at").asText("")));
        }
        return body;
    }

    private static java.time.Instant retryAt(String text) {
        try {
            return text.isEmpty() ? null : java.time.Instant.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    private <T> T read(JsonNode node, Class<T> type) {
        if (type == JsonNode.class) {
            return type.cast(node);
        }
        try {
            return json.treeToValue(node, type);
        } catch (IOException e) {
            throw new AuthCallException(0, "invalid", "unexpected answer from " + base + ": " + e.getMessage());
        }
    }
}
