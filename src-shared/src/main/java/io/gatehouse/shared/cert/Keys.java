package io.gatehouse.shared.cert;

import java.io.IOException;
import java.io.StringReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.jce.ECNamedCurveTable;
import org.bouncycastle.jce.spec.ECNamedCurveParameterSpec;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/** Key generation and the text encodings keys and certificates travel in (OpenSSH, PEM). */
public final class Keys {
    private Keys() {
    }

    public static KeyPair generateEcdsaP256() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ECDSA P-256 is unavailable in this JDK", e);
        }
    }

    /** authorized_keys form: "ecdsa-sha2-nistp256 AAAA..." (also works for OpenSSH certificates). */
    public static String toOpenSshPublicKey(PublicKey key) {
        return PublicKeyEntry.toString(key);
    }

    public static PublicKey parseOpenSshPublicKey(String line) {
        try {
            return PublicKeyEntry.parsePublicKeyEntry(line.trim()).resolvePublicKey(null, Map.of(),
                    PublicKeyEntryResolver.FAILING);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new IllegalArgumentException("not an OpenSSH public key line: " + e.getMessage(), e);
        }
    }

    /** PKCS#8 PEM ("BEGIN PRIVATE KEY"), which OpenSSH, OpenSSL and Vert.x all read. */
    public static String privateKeyToPem(PrivateKey key) {
        return pem("PRIVATE KEY", key.getEncoded());
    }

    /**
     * A private key for SSH clients: SEC1 ("BEGIN EC PRIVATE KEY") with the curve and the public key
     * inside, as `openssl ec` and older ssh-keygen write it. Every client reads it: OpenSSH,
     * OpenSSL, paramiko, PuTTY's puttygen and Java; PKCS#8 without the public key (the JDK's
     * encoding) is refused by paramiko and puttygen.
     */
    public static String sshPrivateKeyPem(KeyPair pair) {
        if (!(pair.getPrivate() instanceof ECPrivateKey ec)) {
            throw new IllegalArgumentException("only EC keys are supported, got " + pair.getPrivate().getAlgorithm());
        }
        try {
            var curve = AlgorithmIdentifier.getInstance(PrivateKeyInfo.getInstance(ec.getEncoded())
                    .getPrivateKeyAlgorithm()).getParameters();
            var point = SubjectPublicKeyInfo.getInstance(pair.getPublic().getEncoded()).getPublicKeyData();
            int bits = ec.getParams().getOrder().bitLength();
            var sec1 = new org.bouncycastle.asn1.sec.ECPrivateKey(bits, ec.getS(), point, curve);
            return pem("EC PRIVATE KEY", sec1.getEncoded());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot encode the private key: " + e.getMessage(), e);
        }
    }

    /** Accepts PKCS#8 ("BEGIN PRIVATE KEY") and SEC1 ("BEGIN EC PRIVATE KEY"). */
    public static PrivateKey parsePrivateKeyPem(String pem) {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object o = parser.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if (o instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
            if (o instanceof PEMKeyPair pair) {
                return converter.getKeyPair(pair).getPrivate();
            }
            throw new IllegalArgumentException("no unencrypted private key found in the PEM text");
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable private key PEM: " + e.getMessage(), e);
        }
    }

    /** Derives the public half of an EC private key, so identity files need not store it. */
    public static KeyPair keyPairFromPrivate(PrivateKey key) {
        if (!(key instanceof ECPrivateKey ec)) {
            throw new IllegalArgumentException("only EC keys are supported, got " + key.getAlgorithm());
        }
        ECNamedCurveParameterSpec curve = ECNamedCurveTable.getParameterSpec("secp256r1");
        var q = curve.getG().multiply(ec.getS()).normalize();
        ECPoint w = new ECPoint(q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger());
        try {
            PublicKey pub = KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w, ec.getParams()));
            return new KeyPair(pub, key);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot derive the public key: " + e.getMessage(), e);
        }
    }

    public static String certificateToPem(X509Certificate cert) {
        try {
            return pem("CERTIFICATE", cert.getEncoded());
        } catch (CertificateException e) {
            throw new IllegalArgumentException(e);
        }
    }

    public static X509Certificate parseCertificatePem(String pem) {
        List<X509Certificate> all = parseCertificatesPem(pem);
        if (all.isEmpty()) {
            throw new IllegalArgumentException("no certificate found in the PEM text");
        }
        return all.get(0);
    }

    public static List<X509Certificate> parseCertificatesPem(String pem) {
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            List<X509Certificate> out = new ArrayList<>();
            for (var c : cf.generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))) {
                out.add((X509Certificate) c);
            }
            return out;
        } catch (CertificateException e) {
            throw new IllegalArgumentException("unreadable certificate PEM: " + e.getMessage(), e);
        }
    }

    /** "SHA256:..." exactly as ssh-keygen -l prints it. */
    public static String sshFingerprint(PublicKey key) {
        String[] parts = toOpenSshPublicKey(key).split(" ");
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(Base64.getDecoder().decode(parts[1]));
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    static BigInteger serial(long serial) {
        return BigInteger.valueOf(serial & Long.MAX_VALUE);
    }
}
