package io.gatehouse.shared.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * A join token for agents/proxies. {@code roles} are system roles (node, proxy, app, db, desktop,
 * kube); {@code ttl} Go-style (default 30m); {@code maxUses} null = unlimited until expiry;
 * {@code names} the node names (globs) a joiner may take; {@code addr} the "IP:port" a direct-mode
 * node joining with it is reached at (both optional; see TokenSpec).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CreateTokenRequest(List<String> roles, String ttl, Integer maxUses, List<String> names, String addr) {
    public CreateTokenRequest(List<String> roles, String ttl, Integer maxUses) {
        this(roles, ttl, maxUses, null, null);
    }
}
