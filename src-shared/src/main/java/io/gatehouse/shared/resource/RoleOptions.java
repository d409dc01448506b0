package io.gatehouse.shared.resource;

import java.time.Duration;

public record RoleOptions(Duration maxSessionTtl, boolean recordSession, boolean permitPortForwarding,
        boolean permitAgentForwarding, boolean permitX11Forwarding, boolean permitPty) {
    public static final Duration DEFAULT_MAX_SESSION_TTL = Duration.ofHours(12);
    public static final Duration LIMIT_MAX_SESSION_TTL = Duration.ofHours(720);

    public static RoleOptions defaults() {
        return new RoleOptions(DEFAULT_MAX_SESSION_TTL, true, true, false, false, true);
    }
}
