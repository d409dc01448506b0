package io.gatehouse.agent.ssh;

import io.gatehouse.agent.labels.NodeLabels;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.List;
import java.util.Map;

/**
 * What the SSH service needs to know about its node: its host key and host certificate (from the
 * cluster's host CA), which user CA keys it trusts, and the name and labels RBAC matches against
 * (command labels included: their current values at each login).
 */
public record NodeIdentity(String nodeName, NodeLabels labels, KeyPair hostKey, String hostCertificate,
        List<PublicKey> trustedUserCas) {
    public NodeIdentity {
        trustedUserCas = List.copyOf(trustedUserCas);
    }

    /** A node with static labels only. */
    public NodeIdentity(String nodeName, Map<String, String> labels, KeyPair hostKey, String hostCertificate,
            List<PublicKey> trustedUserCas) {
        this(nodeName, NodeLabels.of(labels), hostKey, hostCertificate, trustedUserCas);
    }
}
