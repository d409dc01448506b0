package io.gatehouse.agent.ssh;

import java.security.KeyPair;
import java.security.PublicKey;
import java.util.List;
import java.util.Map;

/**
 * What the SSH service needs to know about its node: its host key and host certificate (from the
 * cluster's host CA), which user CA keys it trusts, and the name and labels RBAC matches against.
 */
public record NodeIdentity(String nodeName, Map<String, String> labels, KeyPair hostKey, String hostCertificate,
        List<PublicKey> trustedUserCas) {
    public NodeIdentity {
        labels = Map.copyOf(labels);
        trustedUserCas = List.copyOf(trustedUserCas);
    }
}
