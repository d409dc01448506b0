package io.gatehouse.shared.cert;

import java.security.PublicKey;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.OpenSshCertificate;
import org.apache.sshd.common.signature.BuiltinSignatures;
import org.apache.sshd.common.signature.Signature;

/**
 * Checks an OpenSSH certificate presented outside of SSH user authentication (where MINA checks
 * the signature itself): the type, that one of the given CA keys signed it, the signature, and
 * the validity window. Returns the problem for a person, or empty when the certificate is good.
 */
public final class SshCertificateVerifier {
    private SshCertificateVerifier() {
    }

    public static Optional<String> problem(OpenSshCertificate cert, OpenSshCertificate.Type type,
            List<PublicKey> trustedCas, Instant now) {
        if (cert.getType() != type) {
            return Optional.of("a " + cert.getType().name().toLowerCase() + " certificate where a "
                    + type.name().toLowerCase() + " certificate is required");
        }
        if (trustedCas.stream().noneMatch(ca -> KeyUtils.compareKeys(ca, cert.getCaPubKey()))) {
            return Optional.of("the certificate is not signed by this cluster's " + type.name().toLowerCase() + " CA");
        }
        long seconds = now.getEpochSecond();
        if (seconds >= cert.getValidBefore() || seconds < cert.getValidAfter()) {
            return Optional.of("the certificate is not valid now (expired or not yet valid)");
        }
        try {
            Signature verifier = NamedFactory.create(BuiltinSignatures.VALUES, cert.getSignatureAlgorithm());
            if (verifier == null) {
                return Optional.of("unsupported certificate signature algorithm " + cert.getSignatureAlgorithm());
            }
            verifier.initVerifier(null, cert.getCaPubKey());
            verifier.update(null, cert.getMessage());
            if (!verifier.verify(null, cert.getSignature())) {
                return Optional.of("the certificate's signature does not verify");
            }
        } catch (Exception e) {
            return Optional.of("the certificate's signature cannot be checked: " + e.getMessage());
        }
        return Optional.empty();
    }
}
