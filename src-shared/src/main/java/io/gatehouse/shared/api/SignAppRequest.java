package io.gatehouse.shared.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * A user asks for a certificate that leads to one app (gate apps login NAME): auth checks the
 * user's roles allow the app (app_labels) before it signs, and the route (AppRoute) goes into the
 * certificate. The key is the user's own (public half, PEM or OpenSSH form); the certificate never
 * outlives the caller's. Through the proxy: POST /v1/webapi/certs/app; at auth: POST /v1/certs/app.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SignAppRequest(String app, String publicKey, String ttl) {
}
