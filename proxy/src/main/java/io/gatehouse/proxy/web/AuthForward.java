package io.gatehouse.proxy.web;

import io.gatehouse.shared.api.ApiError;
import io.gatehouse.shared.api.client.AuthCallException;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/** Calls auth for a web request and turns auth's answer, or its absence, into the HTTP response. */
final class AuthForward {
    private AuthForward() {
    }

    static Response call(Supplier<Object> call) {
        return respond(() -> Response.ok(call.get()).build());
    }

    /** The same, for a caller that builds its own response (a cookie to set, no content). */
    static Response respond(Supplier<Response> call) {
        try {
            return call.get();
        } catch (AuthCallException e) {
            int status = e.status() == 0 ? 503 : e.status();
            String code = e.status() == 0 ? "unavailable" : e.code();
            String message = e.status() == 0 ? "the proxy cannot reach the auth service right now; retry shortly"
                    : e.getMessage();
            Instant retryAt = e.retryAt().orElse(null);
            Response.ResponseBuilder response = Response.status(status)
                    .entity(new ApiError.Envelope(new ApiError(code, message, List.of(), retryAt)));
            if (status == 429 && retryAt != null) {
                response.header("Retry-After", Math.max(1, Duration.between(Instant.now(), retryAt).toSeconds() + 1));
            }
            return response.build();
        }
    }
}
