package io.gatehouse.shared.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;

/** A one-time link with which a user sets a password and enrols a second factor. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record InviteResponse(String username, String inviteToken, String inviteUrl, Instant expires) {
}
