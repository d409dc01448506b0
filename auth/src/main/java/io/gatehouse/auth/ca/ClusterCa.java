package io.gatehouse.auth.ca;

import io.gatehouse.shared.cert.CaType;
import java.security.KeyPair;
import java.security.cert.X509Certificate;

/** One certificate authority of the cluster, decrypted in memory. Its private key never leaves auth. */
public record ClusterCa(CaType type, String clusterName, KeyPair keyPair, X509Certificate tlsCertificate,
        String sshPublicKey) {

    @Override
    public String toString() {
        return "ClusterCa[" + type.id() + " of " + clusterName + "]";
    }
}
