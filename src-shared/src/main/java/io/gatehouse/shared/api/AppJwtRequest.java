package io.gatehouse.shared.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * An agent asks auth for the identity token (JWT) an app it serves is to receive for one user:
 * {@code app} by name, and {@code userCertificate} the user's certificate (PEM) exactly as the
 * agent received it. Auth takes nothing on the agent's word: it verifies the certificate itself
 * (user CA, validity, routed to this app), checks the user's current roles allow the app, and that
 * the calling agent serves it. POST /v1/apps/jwt.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record AppJwtRequest(String app, String userCertificate) {
}
