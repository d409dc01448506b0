package io.gatehouse.rdp;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * How the engine decides that whoever answers TLS is the desktop. Nothing secret leaves before
 * this check passes: with TLS security the Client Info PDU carries the password itself, and with
 * NLA the NTLM AUTHENTICATE message carries a proof an interceptor could crack offline. There is
 * no default; the caller chooses (the agent refuses a desktop whose config does not say).
 */
public sealed interface ServerTrust {

    /** The server's certificate (the leaf) has one of these SHA-256 fingerprints over its DER encoding. */
    record Pinned(List<String> sha256Hex) implements ServerTrust {
        public Pinned {
            if (sha256Hex.isEmpty()) {
                throw new IllegalArgumentException("no fingerprint to pin");
            }
            sha256Hex = List.copyOf(sha256Hex);
        }

        public boolean matches(X509Certificate cert) {
            return sha256Hex.contains(HexFormat.of().formatHex(sha256(cert)));
        }
    }

    /**
     * The server's chain ends at one of {@code anchors} (PKIX, as a browser checks) and its
     * certificate names {@code serverName}, or the host the engine connects to when it is empty.
     */
    record CertificateAuthority(List<X509Certificate> anchors, Optional<String> serverName) implements ServerTrust {
        public CertificateAuthority {
            if (anchors.isEmpty()) {
                throw new IllegalArgumentException("no certificate authority to trust");
            }
            anchors = List.copyOf(anchors);
        }
    }

    /** Any certificate: the password goes to whoever answers at the address. Only for a lab. */
    record InsecureSkipVerify() implements ServerTrust {
    }

    /**
     * Fingerprints as an operator copies them: {@code sha256:AB:CD:...} (the form
     * {@link #fingerprint} prints), the part of {@code openssl x509 -fingerprint -sha256} after
     * '=', or 64 hex digits.
     */
    static Pinned fingerprints(List<String> texts) {
        List<String> hex = new ArrayList<>();
        for (String text : texts) {
            String t = text.strip();
            if (t.regionMatches(true, 0, "sha256:", 0, 7)) {
                t = t.substring(7);
            }
            t = t.replace(":", "").toLowerCase(Locale.ROOT);
            if (!t.matches("[0-9a-f]{64}")) {
                throw new IllegalArgumentException("'" + text + "' is not a SHA-256 certificate fingerprint; write it as"
                        + " sha256:AB:CD:... (32 hex pairs), as 'openssl x509 -noout -fingerprint -sha256 -in CERT'"
                        + " prints it");
            }
            hex.add(t);
        }
        return new Pinned(hex);
    }

    static Pinned fingerprint(String text) {
        return fingerprints(List.of(text));
    }

    /** The certificates of a PEM (or DER) file: one CA, or several to trust any of them. */
    static CertificateAuthority caFile(Path file, Optional<String> serverName) throws IOException {
        List<X509Certificate> certs = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file)) {
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                certs.add((X509Certificate) c);
            }
        } catch (CertificateException e) {
            throw new IOException(file + " holds no readable X.509 certificate (" + e.getMessage() + ")", e);
        }
        if (certs.isEmpty()) {
            throw new IOException(file + " holds no certificate (expected PEM: -----BEGIN CERTIFICATE-----)");
        }
        return new CertificateAuthority(certs, serverName);
    }

    /** {@code sha256:AB:CD:...}: what a person compares with openssl's output and pastes into a config. */
    static String fingerprint(X509Certificate cert) {
        return "sha256:" + HexFormat.ofDelimiter(":").withUpperCase().formatHex(sha256(cert));
    }

    private static byte[] sha256(X509Certificate cert) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(cert.getEncoded());
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("cannot fingerprint a certificate: " + e.getMessage(), e);
        }
    }
}
