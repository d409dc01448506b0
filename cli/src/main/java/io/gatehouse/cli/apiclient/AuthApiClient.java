package io.gatehouse.cli.apiclient;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.shared.api.ApiJson;
import io.gatehouse.shared.cert.IdentityFile;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/** The auth API over mutual TLS, authenticated by an identity file. Errors become CliExceptions. */
public final class AuthApiClient {
    private final HttpClient http;
    private final String base;
    private final String authAddr;
    private final ObjectMapper json = ApiJson.newMapper();

    private AuthApiClient(HttpClient http, String authAddr) {
        this.http = http;
        this.authAddr = authAddr;
        this.base = "https://" + authAddr;
    }

    public static AuthApiClient connect(String authAddr, Path identityPath) {
        if (identityPath == null || !Files.isReadable(identityPath)) {
            throw new CliException(ExitCodes.ACCESS_DENIED, "no admin identity at " + identityPath + ": run gatectl "
                    + "on the auth host, or pass --identity=FILE made by 'gatectl auth sign --format=identity'");
        }
        IdentityFile identity;
        try {
            identity = IdentityFile.read(identityPath);
        } catch (IOException | IllegalArgumentException e) {
            throw new CliException(ExitCodes.ACCESS_DENIED, "cannot read the identity file " + identityPath + ": "
                    + e.getMessage());
        }
        HttpClient http = HttpClient.newBuilder().sslContext(identity.sslContext("auth"))
                .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        return new AuthApiClient(http, authAddr);
    }

    public JsonNode get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    public JsonNode delete(String path) {
        return send(HttpRequest.newBuilder(uri(path)).DELETE());
    }

    public JsonNode postJson(String path, Object body) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(write(body))));
    }

    public JsonNode sendYaml(String method, String path, String yaml) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/yaml")
                .method(method, HttpRequest.BodyPublishers.ofString(yaml)));
    }

    public <T> T read(JsonNode node, Class<T> type) {
        try {
            return json.treeToValue(node, type);
        } catch (IOException e) {
            throw new CliException(ExitCodes.ERROR, "unexpected answer from the auth service: " + e.getMessage());
        }
    }

    public ObjectMapper json() {
        return json;
    }

    public static String query(String name, String value) {
        return value == null || value.isBlank() ? "" : "&" + name + "=" + URLEncoder.encode(value,
                StandardCharsets.UTF_8);
    }

    private URI uri(String path) {
        return URI.create(base + path);
    }

    private String write(Object body) {
        try {
            return json.writeValueAsString(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode send(HttpRequest.Builder request) {
        HttpResponse<String> response;
        try {
            response = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw new CliException(ExitCodes.UNREACHABLE, "cannot reach the auth service at " + authAddr
                    + " (" + (e.getMessage() == null ? "connection refused" : e.getMessage())
                    + ") — is it running? (deploy/quickstart.sh status)");
        } catch (SSLHandshakeException e) {
            throw new CliException(ExitCodes.ACCESS_DENIED, "TLS handshake with the auth service at " + authAddr
                    + " failed: " + e.getMessage() + " — the identity may be expired or from another cluster, or the "
                    + "server's certificate is not signed by this cluster's host CA");
        } catch (SSLException e) {
            throw new CliException(ExitCodes.ACCESS_DENIED, "TLS error talking to " + authAddr + ": "
                    + e.getMessage());
        } catch (IOException e) {
            throw new CliException(ExitCodes.UNREACHABLE, "lost the connection to the auth service at " + authAddr
                    + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCodes.ERROR, "interrupted");
        }
        JsonNode body = parse(response.body());
        if (response.statusCode() >= 400) {
            JsonNode error = body.path("error");
            List<String> details = new ArrayList<>();
            error.path("problems").forEach(p -> details.add((p.path("line").asInt() > 0 ? "line "
                    + p.path("line").asInt() + ": " : "") + p.path("field").asText() + ": " + p.path("message")
                    .asText()));
            String message = error.path("message").asText("the auth service answered HTTP " + response.statusCode());
            throw new CliException(ExitCodes.forApiCode(error.path("code").asText()), message, details);
        }
        return body;
    }

    private JsonNode parse(String text) {
        if (text == null || text.isBlank()) {
            return json.createObjectNode();
        }
        try {
            return json.readTree(text);
        } catch (IOException e) {
            return json.createObjectNode();
        }
    }
}
