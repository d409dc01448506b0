package io.gatehouse.shared.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * A join token for agents/proxies. {@code roles} are system roles (node, proxy, app, db, desktop,
 * kube); {@code ttl} Go-style (default 30m); {@code maxUses} null = unlimited until expiry.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CreateTokenRequest(List<String> roles, String ttl, Integer maxUses) {
}
