package io.gatehouse.shared.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import java.util.Map;

/** {@code logins} becomes the internal.logins trait; {@code traits} may set any other internal trait. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CreateUserRequest(String name, List<String> roles, List<String> logins, Map<String, List<String>> traits) {
}
