package io.gatehouse.shared.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** Admin request to sign a user certificate pair for automation (gatectl auth sign). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SignUserRequest(String username, String publicKey, String ttl) {
}
