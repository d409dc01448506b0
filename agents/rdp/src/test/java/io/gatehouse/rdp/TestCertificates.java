package io.gatehouse.rdp;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.ThreadLocalRandom;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Fresh certificates for the fake desktops, made by each test run (no committed keys). */
final class TestCertificates {
    /** A key and its certificate chain (leaf first), what a TLS server presents. */
    record Identity(KeyPair key, X509Certificate... chain) {
        X509Certificate certificate() {
            return chain[0];
        }
    }

    private TestCertificates() {
    }

    /** Like xrdp's snakeoil or a Windows desktop's own certificate: self-signed, named for a host. */
    static Identity selfSigned(String hostName) throws Exception {
        KeyPair key = newKey();
        return new Identity(key, build(new X500Name("CN=" + hostName), key, new X500Name("CN=" + hostName), key,
                false, new GeneralName(GeneralName.dNSName, hostName)));
    }

    static Identity authority(String name) throws Exception {
        KeyPair key = newKey();
        return new Identity(key, build(new X500Name("CN=" + name), key, new X500Name("CN=" + name), key, true));
    }

    /** A server certificate from {@code ca} with these SANs ("127.0.0.1" becomes an IP SAN). */
    static Identity issued(Identity ca, String... names) throws Exception {
        KeyPair key = newKey();
        GeneralName[] sans = new GeneralName[names.length];
        for (int i = 0; i < names.length; i++) {
            sans[i] = new GeneralName(names[i].matches("[0-9.]+") ? GeneralName.iPAddress : GeneralName.dNSName,
                    names[i]);
        }
        X500Name issuer = new X500Name(ca.certificate().getSubjectX500Principal().getName());
        return new Identity(key, build(new X500Name("CN=" + names[0]), key, issuer, ca.key(), false, sans),
                ca.certificate());
    }

    private static KeyPair newKey() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private static X509Certificate build(X500Name subject, KeyPair subjectKey, X500Name issuer, KeyPair issuerKey,
            boolean ca, GeneralName... sans) throws Exception {
        Instant now = Instant.now();
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer,
                BigInteger.valueOf(ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE)),
                Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(Duration.ofDays(1))), subject,
                subjectKey.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        if (sans.length > 0) {
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans));
        }
        return new JcaX509CertificateConverter().getCertificate(b.build(
                new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey.getPrivate())));
    }
}
