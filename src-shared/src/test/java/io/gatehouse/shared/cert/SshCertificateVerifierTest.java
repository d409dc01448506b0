package io.gatehouse.shared.cert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.apache.sshd.common.config.keys.OpenSshCertificate;
import org.junit.jupiter.api.Test;

class SshCertificateVerifierTest {
    private static final KeyPair HOST_CA = Keys.generateEcdsaP256();
    private static final KeyPair OTHER_CA = Keys.generateEcdsaP256();
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    private static String hostCert(KeyPair ca, Instant notAfter) {
        var id = new HostIdentity("uuid-1", "web-1", "test", List.of("node"), List.of(), NOW.minusSeconds(60),
                notAfter);
        return new SshCertificateSigner(ca).signHost(Keys.generateEcdsaP256().getPublic(), id, 7);
    }

    private static Optional<String> check(String line, OpenSshCertificate.Type type) {
        return SshCertificateVerifier.problem(SshCertificateSigner.parse(line), type, List.of(HOST_CA.getPublic()),
                NOW);
    }

    @Test
    void aGoodHostCertificatePasses() {
        assertEquals(Optional.empty(), check(hostCert(HOST_CA, NOW.plus(Duration.ofHours(1))),
                OpenSshCertificate.Type.HOST));
    }

    @Test
    void wrongTypeOtherCaExpiryAndForgedSignatureAreEachNamed() {
        String good = hostCert(HOST_CA, NOW.plus(Duration.ofHours(1)));
        assertTrue(check(good, OpenSshCertificate.Type.USER).orElseThrow().contains("host certificate"));
        assertTrue(check(hostCert(OTHER_CA, NOW.plus(Duration.ofHours(1))), OpenSshCertificate.Type.HOST)
                .orElseThrow().contains("not signed by this cluster"));
        assertTrue(check(hostCert(HOST_CA, NOW.minusSeconds(1)), OpenSshCertificate.Type.HOST).orElseThrow()
                .contains("not valid now"));
        // Flip one byte of the signed body (inside the key id): the CA key still matches, the signature must not.
        String[] parts = good.split(" ");
        byte[] blob = Base64.getDecoder().decode(parts[1]);
        int at = new String(blob, java.nio.charset.StandardCharsets.ISO_8859_1).indexOf("uuid-1");
        blob[at] ^= 1;
        String forged = parts[0] + " " + Base64.getEncoder().encodeToString(blob);
        assertTrue(check(forged, OpenSshCertificate.Type.HOST).orElseThrow().contains("signature"));
    }
}
