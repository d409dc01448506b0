package io.gatehouse.shared.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;

/**
 * A signed app identity token (JWS compact form, verifiable against the proxy's
 * /.well-known/jwks.json) and when it expires. The token is a credential for the app: never log it.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record AppJwtResponse(String token, Instant expires) {
    @Override
    public String toString() {
        return "AppJwtResponse[token=<hidden>, expires=" + expires + "]";
    }
}
