package io.gatehouse.cli.gate;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.cli.apiclient.CliException;
import io.gatehouse.cli.apiclient.ExitCodes;
import io.gatehouse.shared.api.ApiJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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

    private JsonNode send(HttpRequest.Builder request) {
        HttpResponse<String> r;
        try {
            r = http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
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
        JsonNode body;
        try {
            body = r.body() == null || r.body().isBlank() ? ApiJson.newMapper().createObjectNode()
                    : ApiJson.newMapper().readTree(r.body());
        } catch (IOException e) {
            throw new CliException(ExitCodes.ERROR, "the proxy " + proxy + " answered HTTP " + r.statusCode()
                    + " with something that is not JSON; is " + proxy + " a Gatehouse proxy's web address?");
        }
        if (r.statusCode() / 100 != 2) {
            String message = body.path("error").path("message").asText("HTTP " + r.statusCode());
            int code = switch (r.statusCode()) {
                case 401, 403 -> ExitCodes.ACCESS_DENIED;
                case 404 -> ExitCodes.NOT_FOUND;
                case 400, 422 -> ExitCodes.INVALID;
                case 502, 503 -> ExitCodes.UNREACHABLE;
                default -> ExitCodes.ERROR;
            };
            throw new CliException(code, message);
        }
        return body;
    }
}
