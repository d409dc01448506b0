package io.gatehouse.shared.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.List;

/**
 * A database-routed user certificate (X.509, PEM, signed by the user CA, the route in its routing
 * extension) and what the holder needs to verify the proxy (the cluster's TLS CA certificates).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DbCertsResponse(String username, String db, String protocol, String dbUser, String dbName,
        String tlsCertificate, Instant expires, List<String> tlsCaCertificates) {
}
