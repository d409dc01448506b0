package io.gatehouse.shared.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.List;

@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record HostCertsResponse(String hostId, String sshCertificate, String tlsCertificate, Instant expires,
        List<String> tlsCaCertificates, List<String> sshUserCaKeys, List<String> sshHostCaKeys) {
}
