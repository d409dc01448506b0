package io.gatehouse.shared.api.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.shared.api.ApiError;
import io.gatehouse.shared.api.ApiJson;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * The one way Gatehouse processes call a Gatehouse HTTPS API (auth's on :3025, the proxy's web API):
 * JSON in and out over the JDK's HttpClient, authenticated by the client certificate the
 * {@link SSLContext} holds (mutual TLS) or by a bearer token, every failure handed as a
 * {@link CallFailure} to the caller's {@link ErrorMapping}. Immutable: {@link #withHeader} and
 * {@link #withBearer} return a view sharing the connection pool.
 */
public final class ApiTransport {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    /** An error body is read up to this much; a recording's refusal is small, a runaway one is not read. */
    private static final int ERROR_BODY_LIMIT = 64 * 1024;

    private final HttpClient http;
    private final String target;
    private final ErrorMapping errors;
    private final Map<String, String> headers;
    private final ObjectMapper json = ApiJson.newMapper();

    private ApiTransport(HttpClient http, String target, ErrorMapping errors, Map<String, String> headers) {
        this.http = http;
        this.target = target;
        this.errors = errors;
        this.headers = Map.copyOf(headers);
    }

    /**
     * HTTPS to {@code hostPort}: the context decides whom the client trusts and, when it holds a
     * key, the certificate it presents.
     */
    public static ApiTransport https(SSLContext tls, String hostPort, ErrorMapping errors) {
        HttpClient http = HttpClient.newBuilder().sslContext(tls).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT).build();
        return new ApiTransport(http, "https://" + hostPort, errors, Map.of());
    }

    /** The same server, with {@code Authorization: Bearer} on every call (the token never appears in errors). */
    public ApiTransport withBearer(String token) {
        if (token == null || token.isBlank() || token.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
            throw new IllegalArgumentException("a bearer token is printable ASCII without spaces");
        }
        return withHeader("Authorization", "Bearer " + token);
    }

    /** The same server, with one more header on every call (the proxy forwarding its user's certificate). */
    public ApiTransport withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new ApiTransport(http, target, errors, more);
    }

    /** The same server and credentials, failures mapped another way. */
    public ApiTransport withErrors(ErrorMapping mapping) {
        return new ApiTransport(http, target, mapping, headers);
    }

    /** "https://host:port". */
    public String target() {
        return target;
    }

    public ObjectMapper json() {
        return json;
    }

    public JsonNode get(String path) {
        return body(exchange(request(path).GET()));
    }

    public <T> T get(String path, Class<T> type) {
        return read(get(path), type);
    }

    /** A GET where 404 means "there is none" rather than a failure. */
    public Optional<JsonNode> find(String path) {
        Answer answer = exchange(request(path).GET());
        return answer.status() == 404 ? Optional.empty() : Optional.of(body(answer));
    }

    /** Any method with a JSON body (or none: null). */
    public JsonNode send(String method, String path, Object body) {
        String text;
        try {
            text = body == null ? null : json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw errors.map(new CallFailure.Unsendable(target, e.getOriginalMessage()));
        }
        return sendText(method, path, "application/json", text);
    }

    public <T> T send(String method, String path, Object body, Class<T> type) {
        return read(send(method, path, body), type);
    }

    /** Any method with a body already written (YAML resources), or none (null). */
    public JsonNode sendText(String method, String path, String contentType, String text) {
        HttpRequest.BodyPublisher publisher = text == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(text);
        return body(exchange(request(path).header("Content-Type", contentType).method(method, publisher)));
    }

    /**
     * A GET whose body is handed over unread (a recording), for the caller to stream on and close;
     * a refusal fails like any other call.
     */
    public InputStream download(String path) {
        HttpResponse<InputStream> r = send(request(path).GET(), HttpResponse.BodyHandlers.ofInputStream());
        if (r.statusCode() / 100 == 2) {
            return r.body();
        }
        String text;
        try (InputStream error = r.body()) {
            text = new String(error.readNBytes(ERROR_BODY_LIMIT), StandardCharsets.UTF_8);
        } catch (IOException e) {
            text = "";
        }
        throw refusal(new Answer(r.statusCode(), text));
    }

    /** A JSON answer as the record it should be; a mismatch is an unreadable answer. */
    public <T> T read(JsonNode node, Class<T> type) {
        if (type == JsonNode.class) {
            return type.cast(node);
        }
        try {
            return json.treeToValue(node, type);
        } catch (IOException e) {
            throw unreadable(200, e.getMessage());
        }
    }

    /** For typed calls that check what came back: the failure their caller's mapping makes of it. */
    public RuntimeException unreadable(int status, String problem) {
        return errors.map(new CallFailure.Unreadable(target, status, problem));
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(target + path)).timeout(CALL_TIMEOUT);
        headers.forEach(b::header);
        return b;
    }

    private record Answer(int status, String text) {
    }

    private Answer exchange(HttpRequest.Builder request) {
        HttpResponse<String> r = send(request, HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.body());
    }

    private <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> handler) {
        try {
            return http.send(request.build(), handler);
        } catch (IOException e) {
            throw errors.map(new CallFailure.Unreachable(target, e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw errors.map(new CallFailure.Interrupted(target));
        }
    }

    /** The JSON of a 2xx answer ({} when empty), or the failure of any other. */
    private JsonNode body(Answer answer) {
        if (answer.status() / 100 != 2) {
            throw refusal(answer);
        }
        return parse(answer).orElseThrow(() -> unreadable(answer.status(), CallFailure.Unreadable.NOT_JSON));
    }

    private RuntimeException refusal(Answer answer) {
        Optional<JsonNode> body = parse(answer);
        if (body.isEmpty()) {
            return unreadable(answer.status(), CallFailure.Unreadable.NOT_JSON);
        }
        return errors.map(new CallFailure.Refused(target, answer.status(), error(body.get().path("error"))));
    }

    private Optional<JsonNode> parse(Answer answer) {
        if (answer.text() == null || answer.text().isBlank()) {
            return Optional.of(json.createObjectNode());
        }
        try {
            return Optional.of(json.readTree(answer.text()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The error object read field by field: a malformed part (retry_at) must not hide the message. */
    private static ApiError error(JsonNode e) {
        if (!e.isObject()) {
            return null;
        }
        List<ApiError.ProblemDto> problems = new ArrayList<>();
        e.path("problems").forEach(p -> problems.add(new ApiError.ProblemDto(p.path("field").asText(""),
                p.path("line").asInt(0), p.path("message").asText(""))));
        return new ApiError(e.path("code").asText(""), e.path("message").asText(""), problems,
                instant(e.path("retry_at").asText("")));
    }

    private static Instant instant(String text) {
        try {
            return text.isEmpty() ? null : Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
