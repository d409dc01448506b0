package io.gatehouse.shared.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;

/** What the signup page shows the holder of an invite: the TOTP secret to enrol (base32) and its otpauth URI. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record InviteInfo(String username, String totpSecret, String totpUri, Instant expires) {
}
