package io.gatehouse.agent.renewal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.shared.api.HostCertsResponse;
import io.gatehouse.shared.cert.CaType;
import io.gatehouse.shared.cert.HostIdentity;
import io.gatehouse.shared.cert.IdentityFile;
import io.gatehouse.shared.cert.Keys;
import io.gatehouse.shared.cert.RenewableIdentity;
import io.gatehouse.shared.cert.SshCertificateSigner;
import io.gatehouse.shared.cert.X509CertificateSigner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real certificates from a throw-away CA; only the call to auth is replaced by a local signer. */
class CertificateRenewalTest {
    private static final KeyPair CA = Keys.generateEcdsaP256();
    private static final X509CertificateSigner TLS = new X509CertificateSigner(CA,
            X509CertificateSigner.selfSignedCa(CA, "test", CaType.HOST, Duration.ofDays(365)));
    private static final SshCertificateSigner SSH = new SshCertificateSigner(CA);

    @TempDir
    Path dir;

    private static HostCertsResponse issue(java.security.PublicKey key, Instant from, Duration ttl) {
        HostIdentity id = new HostIdentity("host-1", "web-1", "test", List.of("node"), List.of(), from,
                from.plus(ttl));
        return new HostCertsResponse("host-1", SSH.signHost(key, id, 1), Keys.certificateToPem(TLS.issueHost(key, id,
                1)), id.expires(), List.of(Keys.certificateToPem(TLS.issueHost(key, id, 2))), List.of(), List.of());
    }

    private static IdentityFile identity(KeyPair key, HostCertsResponse c) {
        return new IdentityFile(Keys.privateKeyToPem(key.getPrivate()), c.sshCertificate(), c.tlsCertificate(),
                c.tlsCaCertificates(), c.sshUserCaKeys());
    }

    @Test
    void renewalIsDueAfterTwoThirdsOfTheLifetime() {
        KeyPair key = Keys.generateEcdsaP256();
        Instant from = Instant.parse("2026-01-01T00:00:00Z");
        var cert = identity(key, issue(key.getPublic(), from, Duration.ofDays(30))).tlsCertificate();
        assertEquals(from.plus(Duration.ofDays(20)), CertificateRenewal.renewAt(cert));
    }

    @Test
    void aDueRenewalWritesTheNewIdentityWithANewKeyAndTellsEveryHolder() throws Exception {
        KeyPair old = Keys.generateEcdsaP256();
        Instant from = Instant.now().minus(Duration.ofDays(25));
        RenewableIdentity current = new RenewableIdentity(identity(old, issue(old.getPublic(), from,
                Duration.ofDays(30))));
        List<IdentityFile> told = new ArrayList<>();
        current.onRenewal(told::add);
        Path file = dir.resolve("node.identity");
        List<String> askedFor = new ArrayList<>();
        CertificateRenewal renewal = new CertificateRenewal(current, file, publicKey -> {
            askedFor.add(publicKey);
            return issue(Keys.parseOpenSshPublicKey(publicKey), Instant.now(), Duration.ofDays(30));
        }, Clock.systemUTC());

        assertTrue(renewal.renewOnce());
        assertEquals(1, askedFor.size());
        assertNotEquals(Keys.toOpenSshPublicKey(old.getPublic()), askedFor.getFirst(), "a new key, not the old one");
        assertEquals(List.of(current.current()), told);
        assertEquals(current.current(), IdentityFile.read(file), "the file holds what is in use");
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(file)));
        assertTrue(current.current().tlsCertificate().getNotAfter().toInstant()
                .isAfter(Instant.now().plus(Duration.ofDays(29))));
    }

    @Test
    void anExpiredIdentityDoesNotTryAndAFailedCallKeepsTheOldOne() throws Exception {
        KeyPair old = Keys.generateEcdsaP256();
        IdentityFile expired = identity(old, issue(old.getPublic(), Instant.now().minus(Duration.ofDays(31)),
                Duration.ofDays(30)));
        RenewableIdentity current = new RenewableIdentity(expired);
        List<String> calls = new ArrayList<>();
        assertFalse(new CertificateRenewal(current, dir.resolve("a"), k -> {
            calls.add(k);
            throw new IllegalStateException("unreachable");
        }, Clock.systemUTC()).renewOnce());
        assertTrue(calls.isEmpty(), "no call with an expired certificate");

        IdentityFile valid = identity(old, issue(old.getPublic(), Instant.now().minus(Duration.ofDays(25)),
                Duration.ofDays(30)));
        RenewableIdentity still = new RenewableIdentity(valid);
        assertFalse(new CertificateRenewal(still, dir.resolve("b"), k -> {
            throw new IllegalStateException("auth is down");
        }, Clock.fixed(Instant.now(), ZoneOffset.UTC)).renewOnce());
        assertEquals(valid, still.current());
        assertFalse(Files.exists(dir.resolve("b")), "nothing half-written");
    }
}
