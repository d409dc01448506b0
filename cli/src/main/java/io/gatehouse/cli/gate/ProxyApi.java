package io.gatehouse.cli.gate;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.cli.apiclient.CliException;
import io.gatehouse.cli.apiclient.ExitCodes;
import io.gatehouse.shared.api.ApiJson;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;

/** The proxy's HTTPS API as gate uses it: JSON in and out, errors as messages for a person. */
final class ProxyApi {
    private final HttpClient http;
    private final String base;
    private final String proxy;

    ProxyApi(String proxy, SSLContext tls) {
        this.proxy = proxy;
        this.base = "https://" + proxy;
        this.http = HttpClient.newBuilder().sslContext(tls).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    /**
     * What the proxy tells clients before login (/v1/webapi/ping: cluster, ports, host CA keys,
     * tls_routing); a proxy older than ping answers the same, without tls_routing, at /find.
     */
    JsonNode ping() {
        try {
            return get("/v1/webapi/ping");
        } catch (CliException e) {
            if (e.exitCode() != ExitCodes.NOT_FOUND) {
                throw e;
            }
            return get("/v1/webapi/find");
        }
    }

    JsonNode get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    JsonNode post(String path, Object body) {
        try {
            return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(ApiJson.newMapper().writeValueAsString(body))));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A GET whose body is read as it arrives (a recording), for the caller to close; refusals as for get(). */
    InputStream download(String path) {
        HttpResponse<InputStream> r = exchange(HttpRequest.newBuilder(URI.create(base + path)).GET(),
                HttpResponse.BodyHandlers.ofInputStream());
        if (r.statusCode() / 100 == 2) {
            return r.body();
        }
        String text;
        try (InputStream error = r.body()) {
            text = new String(error.readNBytes(64 * 1024), StandardCharsets.UTF_8);
        } catch (IOException e) {
            text = "";
        }
        throw refusal(r.statusCode(), parse(r.statusCode(), text));
    }

    private JsonNode send(HttpRequest.Builder request) {
        HttpResponse<String> r = exchange(request, HttpResponse.BodyHandlers.ofString());
        JsonNode body = parse(r.statusCode(), r.body());
        if (r.statusCode() / 100 != 2) {
            throw refusal(r.statusCode(), body);
        }
        return body;
    }

    private <T> HttpResponse<T> exchange(HttpRequest.Builder request, HttpResponse.BodyHandler<T> handler) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(), handler);
        } catch (SSLHandshakeException e) {
            if (String.valueOf(e.getMessage()).matches(".*(certificate_unknown|bad_certificate|certificate_expired).*")) {
                throw new CliException(ExitCodes.ACCESS_DENIED, "the proxy " + proxy + " refused your certificate ("
                        + e.getMessage() + "); it may have expired: run gate login again");
            }
            throw new CliException(ExitCodes.UNREACHABLE, "the proxy " + proxy + " presented a certificate this "
                    + "machine does not trust (" + e.getMessage() + "). Pass --ca-pin=sha256:... (gatectl status "
                    + "shows it) to trust the cluster's CA, or --insecure on a test cluster only.");
        } catch (IOException e) {
            throw new CliException(ExitCodes.UNREACHABLE, "cannot reach the proxy " + proxy + ": " + e.getMessage()
                    + "; check the address and that the proxy runs");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCodes.ERROR, "interrupted");
        }
    }

    private JsonNode parse(int status, String text) {
        try {
            return text == null || text.isBlank() ? ApiJson.newMapper().createObjectNode()
                    : ApiJson.newMapper().readTree(text);
        } catch (IOException e) {
            throw new CliException(ExitCodes.ERROR, "the proxy " + proxy + " answered HTTP " + status
                    + " with something that is not JSON; is " + proxy + " a Gatehouse proxy's web address?");
        }
    }

    private static CliException refusal(int status, JsonNode body) {
        String message = body.path("error").path("message").asText("HTTP " + status);
        int code = switch (status) {
            case 401, 403 -> ExitCodes.ACCESS_DENIED;
            case 404 -> ExitCodes.NOT_FOUND;
            case 400, 422 -> ExitCodes.INVALID;
            case 502, 503 -> ExitCodes.UNREACHABLE;
            default -> ExitCodes.ERROR;
        };
        return new CliException(code, message);
    }
}
