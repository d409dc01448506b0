package io.gatehouse.shared.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.List;

/**
 * What went wrong, for a person: {@code code} is stable for scripts (not_found, already_exists,
 * invalid, access_denied, unauthenticated, conflict, locked, expired, internal), {@code message}
 * names the resource, the problem and what to do. {@code problems} lists validation findings.
 * {@code retryAt} (absent unless it applies) is when trying again makes sense, for a client to
 * show in its user's own time zone (a refused login, a rate limit).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ApiError(String code, String message, List<ProblemDto> problems,
        @JsonInclude(JsonInclude.Include.NON_NULL) Instant retryAt) {
    public ApiError {
        problems = problems == null ? List.of() : List.copyOf(problems);
    }

    public ApiError(String code, String message, List<ProblemDto> problems) {
        this(code, message, problems, null);
    }

    public static ApiError of(String code, String message) {
        return new ApiError(code, message, List.of());
    }

    /** The wire form: {"error": {...}}. */
    public record Envelope(ApiError error) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ProblemDto(String field, int line, String message) {
    }
}
