package io.gatehouse.shared.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * An agent (or proxy) joining with a token, forwarded by the proxy: the token, who it is, the
 * system roles it wants (a subset of the token's) and the public key to certify.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record JoinRequest(String token, String hostName, String hostId, List<String> systemRoles,
        List<String> principals, String publicKey) {
    @Override
    public String toString() {
        return "JoinRequest[host=" + hostName + ", roles=" + systemRoles + ", token=<redacted>]";
    }
}
