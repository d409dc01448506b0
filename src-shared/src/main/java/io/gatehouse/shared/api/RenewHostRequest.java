package io.gatehouse.shared.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * A host (agent or proxy) asks for fresh certificates for itself, for a new key it generated:
 * same host id, name, system roles and principals as the certificate it calls with.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RenewHostRequest(String publicKey) {
}
