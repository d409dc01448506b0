package io.gatehouse.shared.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * An agent (or proxy) joining with a token, forwarded by the proxy: the token, the node name it
 * asks for, the system roles it wants (a subset of the token's), extra names (only those the token
 * allows) and the public key to certify. {@code hostId} must be empty: auth chooses host ids.
 * {@code sourceAddr} is the IP the joiner connected from; the proxy overwrites it with what it saw
 * and auth believes it only from a proxy.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record JoinRequest(String token, String hostName, String hostId, List<String> systemRoles,
        List<String> principals, String publicKey, String sourceAddr) {
    public JoinRequest(String token, String hostName, String hostId, List<String> systemRoles,
            List<String> principals, String publicKey) {
        this(token, hostName, hostId, systemRoles, principals, publicKey, null);
    }

    /** The same request as the proxy forwards it: the joiner's word on its address replaced by what the proxy saw. */
    public JoinRequest from(String seenAddr) {
        return new JoinRequest(token, hostName, hostId, systemRoles, principals, publicKey, seenAddr);
    }

    @Override
    public String toString() {
        return "JoinRequest[host=" + hostName + ", roles=" + systemRoles + ", token=<redacted>]";
    }
}
