package io.gatehouse.shared.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.List;

/**
 * An app-routed user certificate (X.509, PEM, signed by the user CA, the route in its routing
 * extension), the app's address kind ("tcp" or "http") and what the holder needs to verify the
 * proxy (the cluster's TLS CA certificates).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record AppCertsResponse(String username, String app, String uriKind, String tlsCertificate, Instant expires,
        List<String> tlsCaCertificates) {
}
