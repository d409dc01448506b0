package io.gatehouse.shared.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.List;

@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record StatusResponse(String clusterName, String version, Instant serverTime, String callerName,
        String callerKind, List<CaStatus> certificateAuthorities, long users, long roles, long tokens, long nodes) {

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record CaStatus(String type, String sshFingerprint, String tlsFingerprint, Instant tlsNotAfter) {
    }
}
