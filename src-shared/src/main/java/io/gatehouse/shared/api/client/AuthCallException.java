package io.gatehouse.shared.api.client;

/** The auth service refused a call (status + ApiError code + message), or could not be reached (status 0). */
public final class AuthCallException extends RuntimeException {
    private final int status;
    private final String code;

    public AuthCallException(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
