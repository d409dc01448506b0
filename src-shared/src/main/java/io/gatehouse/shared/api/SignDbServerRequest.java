package io.gatehouse.shared.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * Admin request for a self-hosted database's server certificate (gatectl auth sign --format=db):
 * the names clients and agents reach it by (DNS names or IP addresses, the first is its common
 * name), the public half of a key made where the database runs, and an optional TTL.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SignDbServerRequest(List<String> hostNames, String publicKey, String ttl) {
}
