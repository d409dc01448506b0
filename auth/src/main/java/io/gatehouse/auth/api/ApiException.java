package io.gatehouse.auth.api;

import io.gatehouse.shared.api.ApiError;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * An error meant for the caller: an HTTP status, a stable code and a message for a person that
 * names the resource, what is wrong and what to do. Never carries secrets.
 */
public final class ApiException extends RuntimeException {
    private final int status;
    private final String code;
    private final List<ApiError.ProblemDto> problems;
    private final transient Instant retryAt;

    public ApiException(int status, String code, String message, List<ApiError.ProblemDto> problems) {
        this(status, code, message, problems, null);
    }

    private ApiException(int status, String code, String message, List<ApiError.ProblemDto> problems,
            Instant retryAt) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.problems = List.copyOf(problems);
        this.retryAt = retryAt;
    }

    public ApiException(int status, String code, String message) {
        this(status, code, message, List.of());
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, "not_found", message);
    }

    public static ApiException alreadyExists(String message) {
        return new ApiException(409, "already_exists", message);
    }

    public static ApiException conflict(String message) {
        return new ApiException(409, "conflict", message);
    }

    public static ApiException invalid(String message) {
        return new ApiException(400, "invalid", message);
    }

    public static ApiException accessDenied(String message) {
        return new ApiException(403, "access_denied", message);
    }

    public static ApiException unauthenticated(String message) {
        return new ApiException(401, "unauthenticated", message);
    }

    /** A refusal that says when trying again makes sense (the page shows it in the user's time zone). */
    public static ApiException retryLater(int status, String code, String message, Instant retryAt) {
        return new ApiException(status, code, message, List.of(), retryAt);
    }

    public Optional<Instant> retryAt() {
        return Optional.ofNullable(retryAt);
    }

    public int status() {
        return status;
    }

    public ApiError toError() {
        return new ApiError(code, getMessage(), problems, retryAt);
    }
}
