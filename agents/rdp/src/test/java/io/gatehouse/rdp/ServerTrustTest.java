package io.gatehouse.rdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerTrustTest {
    @TempDir
    Path dir;

    @Test
    void aFingerprintIsAcceptedAsOpensslPrintsItAndAsPlainHex() throws Exception {
        TestCertificates.Identity id = TestCertificates.selfSigned("desk.example");
        String printed = ServerTrust.fingerprint(id.certificate());
        assertTrue(printed.matches("sha256:([0-9A-F]{2}:){31}[0-9A-F]{2}"), printed);
        String openssl = printed.substring("sha256:".length());
        for (String form : List.of(printed, openssl, openssl.toLowerCase(), openssl.replace(":", ""),
                "SHA256:" + openssl)) {
            assertTrue(ServerTrust.fingerprint(form).matches(id.certificate()), form);
        }
        assertFalse(ServerTrust.fingerprint(printed).matches(TestCertificates.selfSigned("desk.example").certificate()));
    }

    @Test
    void aMalformedFingerprintSaysWhatToWrite() {
        for (String bad : List.of("", "sha256:AB:CD", "SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU", "md5:" + "ab".repeat(16))) {
            var e = assertThrows(IllegalArgumentException.class, () -> ServerTrust.fingerprint(bad));
            assertTrue(e.getMessage().contains("openssl x509 -noout -fingerprint -sha256"), e.getMessage());
        }
    }

    @Test
    void aCaFileMayHoldSeveralCertificates() throws Exception {
        TestCertificates.Identity a = TestCertificates.authority("A");
        TestCertificates.Identity b = TestCertificates.authority("B");
        Path file = dir.resolve("cas.pem");
        Files.writeString(file, pem(a) + pem(b));
        ServerTrust.CertificateAuthority ca = ServerTrust.caFile(file, Optional.of("desk.example"));
        assertEquals(List.of(a.certificate(), b.certificate()), ca.anchors());
        assertEquals(Optional.of("desk.example"), ca.serverName());
    }

    @Test
    void aCaFileWithoutACertificateIsRefusedNamingTheFile() throws Exception {
        Path file = dir.resolve("empty.pem");
        Files.writeString(file, "not a certificate\n");
        var e = assertThrows(java.io.IOException.class, () -> ServerTrust.caFile(file, Optional.empty()));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }

    private static String pem(TestCertificates.Identity id) throws Exception {
        return "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, "\n".getBytes())
                .encodeToString(id.certificate().getEncoded()) + "\n-----END CERTIFICATE-----\n";
    }
}
