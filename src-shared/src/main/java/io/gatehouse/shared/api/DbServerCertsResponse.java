package io.gatehouse.shared.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;

/**
 * A database's server certificate (PEM, signed by the database CA, which agents verify it
 * against) and the database client CA the database must trust (ssl_ca_file), since agents log in
 * with certificates from it.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DbServerCertsResponse(String tlsCertificate, String databaseCaCertificate,
        String clientCaCertificate, Instant expires) {
}
