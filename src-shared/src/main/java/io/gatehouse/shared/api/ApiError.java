package io.gatehouse.shared.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * What went wrong, for a person: {@code code} is stable for scripts (not_found, already_exists,
 * invalid, access_denied, unauthenticated, conflict, locked, expired, internal), {@code message}
 * names the resource, the problem and what to do. {@code problems} lists validation findings.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ApiError(String code, String message, List<ProblemDto> problems) {
    public ApiError {
        problems = problems == null ? List.of() : List.copyOf(problems);
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
