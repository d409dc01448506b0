package io.gatehouse.shared.api.client;

import java.time.Instant;
import java.util.Optional;

/**
 * The auth service refused a call (status + ApiError code + message, and when to retry if it
 * said), or could not be reached (status 0).
 */
public final class AuthCallException extends RuntimeException {
    private final int status;
    private final String code;
    private final transient Instant retryAt;

    public AuthCallException(int status, String code, String message) {
        this(status, code, message, null);
    }

    public AuthCallException(int status, String code, String message, Instant retryAt) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.retryAt = retryAt;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** The error's retry_at: when trying again makes sense (a refused login, a rate limit). */
    public Optional<Instant> retryAt() {
        return Optional.ofNullable(retryAt);
    }
}
