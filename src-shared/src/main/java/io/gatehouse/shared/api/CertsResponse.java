package io.gatehouse.shared.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.List;

/**
 * A certificate pair for one public key, plus what the holder needs to trust the cluster:
 * the X.509 CA certificates (PEM) and the host CA's SSH public keys (authorized_keys form).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CertsResponse(String username, String sshCertificate, String tlsCertificate, Instant expires,
        List<String> tlsCaCertificates, List<String> sshHostCaKeys, List<String> sshUserCaKeys) {
}
