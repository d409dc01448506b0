package io.gatehouse.shared.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/** Public parts of one certificate authority. Never carries private keys. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CaExport(String type, String clusterName, List<String> sshPublicKeys, List<String> tlsCertificates) {
}
