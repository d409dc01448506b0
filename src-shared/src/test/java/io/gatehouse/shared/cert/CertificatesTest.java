package io.gatehouse.shared.cert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificatesTest {
    private static final KeyPair USER_CA = Keys.generateEcdsaP256();
    private static final X509Certificate USER_CA_CERT = X509CertificateSigner.selfSignedCa(USER_CA, "test",
            CaType.USER, Duration.ofDays(1));
    private static final KeyPair OTHER_CA = Keys.generateEcdsaP256();
    private static final X509Certificate OTHER_CA_CERT = X509CertificateSigner.selfSignedCa(OTHER_CA, "evil",
            CaType.USER, Duration.ofDays(1));
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    @TempDir
    Path dir;

    static UserIdentity alice() {
        return new UserIdentity("alice", List.of("access", "dev"), Map.of("logins", List.of("alice", "ubuntu")),
                List.of("ubuntu", "alice"), NOW.minusSeconds(60), NOW.plus(Duration.ofHours(2)), Map.of("db", "pg"),
                true, true, Optional.of("req-1"));
    }

    static HostIdentity host() {
        return new HostIdentity("uuid-1", "web-1", "test", List.of("node"), List.of("10.0.0.5", "web.example"),
                NOW.minusSeconds(60), NOW.plus(Duration.ofDays(1)));
    }

    @Test
    void aUserIdentitySurvivesBothCertificateFormats() {
        PublicKeyHolder subject = new PublicKeyHolder();
        UserIdentity id = alice();
        X509Certificate x509 = new X509CertificateSigner(USER_CA, USER_CA_CERT).issueUser(subject.key, id, 42);
        assertEquals(id, IdentityCodec.userFromX509(x509));
        var ssh = SshCertificateSigner.parse(new SshCertificateSigner(USER_CA).signUser(subject.key, id, 42));
        UserIdentity fromSsh = IdentityCodec.userFromSsh(ssh);
        assertEquals(List.of("alice", "ubuntu"), fromSsh.logins(), "principals are sorted");
        assertEquals(id.roles(), fromSsh.roles());
        assertEquals(id.traits(), fromSsh.traits());
        assertEquals(id.expires(), fromSsh.expires());
        assertEquals(id.activeRequest(), fromSsh.activeRequest());
        assertEquals(USER_CA.getPublic(), ssh.getCaPubKey());
    }

    @Test
    void aHostIdentitySurvivesBothCertificateFormats() {
        KeyPair ca = Keys.generateEcdsaP256();
        X509Certificate caCert = X509CertificateSigner.selfSignedCa(ca, "test", CaType.HOST, Duration.ofDays(1));
        PublicKeyHolder subject = new PublicKeyHolder();
        X509Certificate x509 = new X509CertificateSigner(ca, caCert).issueHost(subject.key, host(), 7);
        assertTrue(IdentityCodec.isHostCertificate(x509));
        assertEquals(host(), IdentityCodec.hostFromX509(x509));
        var ssh = SshCertificateSigner.parse(new SshCertificateSigner(ca).signHost(subject.key, host(), 7));
        assertEquals(host(), IdentityCodec.hostFromSsh(ssh));
    }

    @Test
    void aHostsTlsNamesAreItsHostIdAndItsNameUnderTheClusterOnly() throws Exception {
        KeyPair ca = Keys.generateEcdsaP256();
        X509Certificate caCert = X509CertificateSigner.selfSignedCa(ca, "test", CaType.HOST, Duration.ofDays(1));
        HostIdentity id = new HostIdentity("uuid-1", "localhost", "test", List.of("node"), List.of(),
                NOW.minusSeconds(60), NOW.plusSeconds(3600), "192.0.2.7");
        X509Certificate x509 = new X509CertificateSigner(ca, caCert).issueHost(new PublicKeyHolder().key, id, 8);
        Set<String> names = new java.util.HashSet<>();
        x509.getSubjectAlternativeNames().forEach(n -> names.add(String.valueOf(n.get(1))));
        assertEquals(Set.of("uuid-1", "uuid-1.test", "localhost.test"), names);
        assertEquals(id, IdentityCodec.hostFromX509(x509));
        var ssh = SshCertificateSigner.parse(new SshCertificateSigner(ca).signHost(new PublicKeyHolder().key, id, 8));
        assertEquals("192.0.2.7", IdentityCodec.hostFromSsh(ssh).pinnedAddr());
    }

    @Test
    void aUserCertificateIsNotAHostCertificate() {
        X509Certificate x509 = new X509CertificateSigner(USER_CA, USER_CA_CERT).issueUser(new PublicKeyHolder().key,
                alice(), 1);
        assertTrue(!IdentityCodec.isHostCertificate(x509));
    }

    @Test
    void pkixAcceptsTheIssuingCaAndRefusesAnother() throws Exception {
        X509Certificate cert = new X509CertificateSigner(USER_CA, USER_CA_CERT).issueUser(new PublicKeyHolder().key,
                alice(), 9);
        validate(cert, USER_CA_CERT);
        assertThrows(Exception.class, () -> validate(cert, OTHER_CA_CERT));
        assertThrows(Exception.class, () -> cert.verify(OTHER_CA.getPublic()));
    }

    @Test
    void sshKeygenReadsTheUserCertificate() throws Exception {
        Path file = dir.resolve("alice-cert.pub");
        Files.writeString(file, new SshCertificateSigner(USER_CA).signUser(new PublicKeyHolder().key, alice(), 5));
        Tools.Result r = Tools.run("ssh-keygen", "-L", "-f", file.toString());
        assertEquals(0, r.exit(), r.out());
        assertTrue(r.out().contains("Key ID: \"alice\""), r.out());
        assertTrue(r.out().contains("permit-pty") && r.out().contains("gatehouse-roles@gatehouse.io"), r.out());
        assertTrue(r.out().contains("Signing CA: ECDSA " + Keys.sshFingerprint(USER_CA.getPublic())), r.out());
    }

    @Test
    void opensslVerifiesAgainstTheIssuingCaOnly() throws Exception {
        X509Certificate cert = new X509CertificateSigner(USER_CA, USER_CA_CERT).issueUser(new PublicKeyHolder().key,
                alice(), 11);
        Files.writeString(dir.resolve("user.pem"), Keys.certificateToPem(cert));
        Files.writeString(dir.resolve("ca.pem"), Keys.certificateToPem(USER_CA_CERT));
        Files.writeString(dir.resolve("other.pem"), Keys.certificateToPem(OTHER_CA_CERT));
        var ok = Tools.run("openssl", "verify", "-CAfile", dir.resolve("ca.pem").toString(), "-purpose", "sslclient",
                dir.resolve("user.pem").toString());
        assertEquals(0, ok.exit(), ok.out());
        var bad = Tools.run("openssl", "verify", "-CAfile", dir.resolve("other.pem").toString(),
                dir.resolve("user.pem").toString());
        assertNotEquals(0, bad.exit());
        var text = Tools.run("openssl", "x509", "-noout", "-text", "-in", dir.resolve("user.pem").toString());
        assertTrue(text.out().contains("Subject: O = access, O = dev, CN = alice"), text.out());
        assertTrue(text.out().contains("1.3.9999.1776.1"), text.out());
    }

    @Test
    void openSshReadsThePrivateKeyPem() throws Exception {
        KeyPair kp = Keys.generateEcdsaP256();
        Path key = dir.resolve("key");
        Files.writeString(key, Keys.privateKeyToPem(kp.getPrivate()));
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        var r = Tools.run("ssh-keygen", "-y", "-f", key.toString());
        assertEquals(0, r.exit(), r.out());
        assertEquals(Keys.toOpenSshPublicKey(kp.getPublic()).split(" ")[1], r.out().strip().split(" ")[1]);
        assertEquals(kp.getPublic(), Keys.keyPairFromPrivate(Keys.parsePrivateKeyPem(Files.readString(key)))
                .getPublic());
    }

    @Test
    void theSshPrivateKeyIsSec1WithItsPublicKeyAndEveryReaderAgrees() throws Exception {
        KeyPair kp = Keys.generateEcdsaP256();
        String pem = Keys.sshPrivateKeyPem(kp);
        assertTrue(pem.startsWith("-----BEGIN EC PRIVATE KEY-----\n"), pem);
        Path key = dir.resolve("id");
        Files.writeString(key, pem);
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        var openssh = Tools.run("ssh-keygen", "-y", "-f", key.toString());
        assertEquals(0, openssh.exit(), openssh.out());
        assertEquals(Keys.toOpenSshPublicKey(kp.getPublic()).split(" ")[1], openssh.out().strip().split(" ")[1]);
        // The public key is inside (what paramiko and puttygen need), on the named curve.
        var openssl = Tools.run("openssl", "ec", "-in", key.toString(), "-noout", "-text");
        assertEquals(0, openssl.exit(), openssl.out());
        assertTrue(openssl.out().contains("pub:") && openssl.out().contains("prime256v1"), openssl.out());
        assertEquals(((java.security.interfaces.ECPrivateKey) kp.getPrivate()).getS(),
                ((java.security.interfaces.ECPrivateKey) Keys.parsePrivateKeyPem(pem)).getS());
    }

    /** Skipped where the tools are not installed (Debian: putty-tools, python3-paramiko). */
    @Test
    void puttygenAndParamikoReadTheSshPrivateKey() throws Exception {
        KeyPair kp = Keys.generateEcdsaP256();
        Path key = dir.resolve("id");
        Files.writeString(key, Keys.sshPrivateKeyPem(kp));
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        String blob = Keys.toOpenSshPublicKey(kp.getPublic()).split(" ")[1];
        boolean puttygen = Files.isExecutable(Path.of("/usr/bin/puttygen"));
        boolean paramiko = Tools.run("/usr/bin/python3", "-c", "import paramiko").exit() == 0;
        org.junit.jupiter.api.Assumptions.assumeTrue(puttygen || paramiko, "neither puttygen nor paramiko here");
        if (puttygen) {
            var r = Tools.run("puttygen", key.toString(), "-O", "public-openssh");
            assertEquals(0, r.exit(), r.out());
            assertEquals(blob, r.out().strip().split(" ")[1]);
        }
        if (paramiko) {
            var r = Tools.run("/usr/bin/python3", "-c", "import paramiko, sys; "
                    + "print(paramiko.ECDSAKey.from_private_key_file(sys.argv[1]).get_base64())", key.toString());
            assertEquals(0, r.exit(), r.out());
            assertEquals(blob, r.out().strip());
        }
    }

    @Test
    void anIdentityFileRoundTripsAndIsOwnerOnly() throws Exception {
        KeyPair kp = Keys.generateEcdsaP256();
        X509Certificate cert = new X509CertificateSigner(USER_CA, USER_CA_CERT).issueUser(kp.getPublic(), alice(), 3);
        IdentityFile id = new IdentityFile(Keys.privateKeyToPem(kp.getPrivate()),
                new SshCertificateSigner(USER_CA).signUser(kp.getPublic(), alice(), 3), Keys.certificateToPem(cert),
                List.of(Keys.certificateToPem(USER_CA_CERT)), List.of(Keys.toOpenSshPublicKey(USER_CA.getPublic())));
        Path file = dir.resolve("alice.identity");
        id.writeTo(file);
        assertEquals(Set.of(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                java.nio.file.attribute.PosixFilePermission.OWNER_WRITE), Files.getPosixFilePermissions(file));
        IdentityFile back = IdentityFile.read(file);
        assertEquals(id.encode(), back.encode());
        back.sslContext("auth");
        assertThrows(IllegalArgumentException.class, () -> IdentityFile.decode("just some text"));
    }

    private static void validate(X509Certificate cert, X509Certificate anchor) throws Exception {
        PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(anchor, null)));
        params.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX").validate(CertificateFactory.getInstance("X.509")
                .generateCertPath(List.of(cert)), params);
    }

    private static final class PublicKeyHolder {
        final java.security.PublicKey key = Keys.generateEcdsaP256().getPublic();
    }
}
