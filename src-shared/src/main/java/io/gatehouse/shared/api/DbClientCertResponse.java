package io.gatehouse.shared.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.List;

/**
 * A database client certificate (PEM, CN = the database user, signed by the database client CA)
 * and the database CA's certificates, which self-hosted databases' server certificates (gatectl
 * auth sign --format=db) chain to.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DbClientCertResponse(String tlsCertificate, Instant expires, List<String> databaseCaCertificates) {
}
