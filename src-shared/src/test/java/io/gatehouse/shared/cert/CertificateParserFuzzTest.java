package io.gatehouse.shared.cert;

import io.gatehouse.shared.fuzz.Fuzz;
import io.gatehouse.shared.fuzz.Fuzz.Target;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Certificates arrive from agents (the tunnel's host certificate) and from users (SSH user
 * certificates): parsing them and reading the identity out may end only in MalformedCertificateException.
 */
class CertificateParserFuzzTest {
    private static final KeyPair CA = Keys.generateEcdsaP256();
    private static final KeyPair SUBJECT = Keys.generateEcdsaP256();
    private static final Instant NOW = Instant.parse("2026-12-06T00:00:00Z");
    private static final Duration LIMIT = Duration.ofSeconds(30);

    private static String userCert() {
        return new SshCertificateSigner(CA).signUser(SUBJECT.getPublic(), new UserIdentity("alice", List.of("dev"),
                Map.of("logins", List.of("alice")), List.of("alice", "ubuntu"), NOW, NOW.plusSeconds(3600),
                Map.of("db", "pg"), true, true, Optional.of("req-1")), 1);
    }

    private static String hostCert() {
        return new SshCertificateSigner(CA).signHost(SUBJECT.getPublic(), new HostIdentity("uuid-1", "web-1", "test",
                List.of("node"), List.of("web.example"), NOW, NOW.plusSeconds(3600)), 2);
    }

    private static byte[] blob(String line) {
        return Base64.getDecoder().decode(line.split(" ")[1]);
    }

    /** The certificate line as an agent or user sends it, with the binary body fuzzed. */
    private static void parseBody(byte[] body) {
        OpenSshCertificateWriterAccess.readBoth(SshCertificateSigner.parse(OpenSshCertificateWriter.CERT_TYPE + " "
                + Base64.getEncoder().encodeToString(body) + " fuzz"));
    }

    @Test
    void certificateBodiesThatAreCorruptedEndInMalformedCertificate() {
        Fuzz.run(Target.of("SSH certificate body", CertificateParserFuzzTest::parseBody,
                List.of(blob(userCert()), blob(hostCert())), MalformedCertificateException.class), 20261206, 500,
                1500, LIMIT);
    }

    @Test
    void certificateLinesThatAreCorruptedEndInMalformedCertificate() {
        Fuzz.run(Target.text("SSH certificate line", line -> OpenSshCertificateWriterAccess.readBoth(
                SshCertificateSigner.parse(line)), List.of(userCert(), hostCert(), "ssh-ed25519 AAAA x"),
                MalformedCertificateException.class), 1206, 500, 1000, LIMIT);
    }

    /** The JSON inside the Gatehouse extensions is signed by the CA, but read before any check. */
    @Test
    void identityExtensionsThatAreCorruptedEndInMalformedCertificate() {
        Fuzz.run(Target.text("identity extensions", CertificateParserFuzzTest::readExtensions,
                List.of("[\"dev\",\"access\"]", "{\"logins\":[\"alice\",\"ubuntu\"]}", "{\"db\":\"pg\"}",
                        "{\"pty\":true}", "[]", "{}"), MalformedCertificateException.class), 61206, 500, 800, LIMIT);
    }

    private static void readExtensions(String json) {
        for (Runnable read : List.<Runnable>of(() -> CertJson.stringList(json), () -> CertJson.stringMap(json),
                () -> CertJson.traits(json), () -> CertJson.flags(json))) {
            try {
                read.run();
            } catch (MalformedCertificateException expected) {
                // each reader on its own; the next one gets the same input
            }
        }
    }

    /** X.509 identities are read from certificates that TLS already checked, but the reader must not trust that. */
    @Test
    void x509CertificatesThatAreCorruptedEndInMalformedOrCertificateException() throws Exception {
        java.security.cert.X509Certificate caCert = X509CertificateSigner.selfSignedCa(CA, "test", CaType.USER,
                Duration.ofDays(1));
        X509CertificateSigner signer = new X509CertificateSigner(CA, caCert);
        byte[] user = signer.issueUser(SUBJECT.getPublic(), new UserIdentity("alice", List.of("dev"),
                Map.of("logins", List.of("alice")), List.of("alice"), NOW, NOW.plusSeconds(3600), Map.of("db", "pg"),
                true, true, Optional.of("req-1")), 4).getEncoded();
        byte[] host = signer.issueHost(SUBJECT.getPublic(), new HostIdentity("uuid-1", "web-1", "test",
                List.of("node"), List.of("web.example"), NOW, NOW.plusSeconds(3600)), 5).getEncoded();
        java.security.cert.CertificateFactory factory = java.security.cert.CertificateFactory.getInstance("X.509");
        Fuzz.run(Target.of("X.509 identity", der -> {
            var cert = (java.security.cert.X509Certificate) factory.generateCertificate(
                    new java.io.ByteArrayInputStream(der));
            IdentityCodec.userFromX509(cert);
            IdentityCodec.hostFromX509(cert);
        }, List.of(user, host), MalformedCertificateException.class, java.security.cert.CertificateException.class),
                5150, 300, 1000, LIMIT);
    }

    @Test
    void regressionJsonNullsInsideExtensionsAreMalformedNotNullPointers() {
        for (String json : List.of("[null]", "{\"a\":null}", "{\"a\":[null]}", "null", "[\"a\",null]")) {
            Fuzz.check(Target.text("identity extension " + json, CertificateParserFuzzTest::readExtensions,
                    List.of(), MalformedCertificateException.class), 0, 0, json.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void regressionForeverValidityIsReadAsTheEndOfTime() {
        TreeMap<String, String> ext = new TreeMap<>();
        ext.put(SshCertificateSigner.EXT_SYSTEM_ROLES, "[\"node\"]");
        // PROTOCOL.certkeys: valid_before 0xFFFFFFFFFFFFFFFF is "forever" (found by the fuzz pass: DateTimeException).
        byte[] blob = OpenSshCertificateWriter.sign(CA, new OpenSshCertificateWriter.Body(OpenSshCertificateWriter.HOST,
                SUBJECT.getPublic(), 6, "uuid-1", List.of("uuid-1"), NOW, Instant.ofEpochSecond(0x0001020304050607L),
                ext));
        byte[] sentinel = java.nio.ByteBuffer.allocate(8).putLong(0x0001020304050607L).array();
        int at = java.util.Collections.indexOfSubList(bytes(blob), bytes(sentinel));
        java.util.Arrays.fill(blob, at, at + 8, (byte) 0xFF);
        Instant expires = IdentityCodec.hostFromSsh(SshCertificateSigner.parse(OpenSshCertificateWriter.line(blob,
                "x"))).expires();
        org.junit.jupiter.api.Assertions.assertEquals(Instant.MAX, expires);
    }

    private static List<Byte> bytes(byte[] b) {
        List<Byte> out = new java.util.ArrayList<>();
        for (byte x : b) {
            out.add(x);
        }
        return out;
    }

    /** Reads the identity out both ways, as the proxy (host) and the nodes (user) do. */
    private static final class OpenSshCertificateWriterAccess {
        static void readBoth(org.apache.sshd.common.config.keys.OpenSshCertificate cert) {
            IdentityCodec.userFromSsh(cert);
            IdentityCodec.hostFromSsh(cert);
        }
    }
}
