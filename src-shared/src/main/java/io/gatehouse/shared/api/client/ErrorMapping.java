package io.gatehouse.shared.api.client;

/**
 * Turns a {@link CallFailure} into the exception a caller of the API client handles: one transport,
 * each process its own errors (the CLI maps to exit codes and its own hints, the proxy and agents
 * to {@link AuthCallException}).
 */
@FunctionalInterface
public interface ErrorMapping {
    RuntimeException map(CallFailure failure);

    /**
     * Failures as {@link AuthCallException}: status 0 when auth gave no usable answer ("unreachable",
     * "interrupted", "invalid"), else the HTTP status with auth's code, message and retry_at.
     */
    static ErrorMapping authCall() {
        return failure -> switch (failure) {
            case CallFailure.Unreachable u -> new AuthCallException(0, "unreachable", "cannot reach " + u.target()
                    + ": " + u.reason());
            case CallFailure.Interrupted i -> new AuthCallException(0, "interrupted", "interrupted");
            case CallFailure.Refused r -> new AuthCallException(r.status(), r.code("error"), r.message("HTTP "
                    + r.status() + " from " + r.target()), r.error() == null ? null : r.error().retryAt());
            case CallFailure.Unreadable u when u.status() >= 300 -> new AuthCallException(u.status(), "error",
                    "HTTP " + u.status() + " from " + u.target());
            case CallFailure.Unreadable u -> new AuthCallException(0, "invalid", "unexpected answer from "
                    + u.target() + ": " + u.problem());
            case CallFailure.Unsendable u -> new AuthCallException(0, "invalid", "cannot encode the request: "
                    + u.problem());
        };
    }
}
