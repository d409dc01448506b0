package io.gatehouse.shared.resource;

import java.util.List;
import java.util.Optional;

/** Public halves of a cluster CA (read-only resource). */
public record CertAuthoritySpec(String type, String clusterName, List<String> sshPublicKeys,
        List<String> tlsCertificates, Optional<String> jwtPublicKey) implements Spec {
    public CertAuthoritySpec {
        sshPublicKeys = List.copyOf(sshPublicKeys);
        tlsCertificates = List.copyOf(tlsCertificates);
        jwtPublicKey = jwtPublicKey == null ? Optional.empty() : jwtPublicKey;
    }
}
