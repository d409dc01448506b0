package io.gatehouse.shared.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/** Admin request to sign a host certificate pair (gatectl auth sign --host=...), e.g. for a proxy. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SignHostRequest(String hostId, String nodeName, List<String> systemRoles, List<String> principals,
        String publicKey, String ttl) {
}
