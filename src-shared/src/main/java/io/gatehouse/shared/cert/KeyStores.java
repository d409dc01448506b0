package io.gatehouse.shared.cert;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * In-memory PKCS#12 key stores from what an identity file or the CA table holds: the one way every
 * process (auth's API listener, the proxy's web port, agents, gate) turns PEM material into what
 * JSSE and Vert.x take. Nothing is written to disk, and the stores have no password because they
 * never leave the process.
 */
public final class KeyStores {
    private static final char[] NO_PASSWORD = new char[0];

    private KeyStores() {
    }

    /** The password of every store made here (none: in memory only). */
    public static char[] password() {
        return NO_PASSWORD.clone();
    }

    /** A trust store of {@code cas}, in order, under the aliases ca-0, ca-1, ... */
    public static KeyStore trusting(List<X509Certificate> cas) throws GeneralSecurityException, IOException {
        KeyStore ts = empty();
        int i = 0;
        for (X509Certificate ca : cas) {
            ts.setCertificateEntry("ca-" + i++, ca);
        }
        return ts;
    }

    /** Every certificate in {@code pems} (each may hold several), in order. */
    public static List<X509Certificate> certificates(List<String> pems) {
        List<X509Certificate> all = new ArrayList<>();
        pems.forEach(pem -> all.addAll(Keys.parseCertificatesPem(pem)));
        return all;
    }

    /** A key store holding {@code key} under {@code alias} with its certificate chain (leaf first). */
    public static KeyStore holding(String alias, PrivateKey key, List<X509Certificate> chain)
            throws GeneralSecurityException, IOException {
        KeyStore ks = empty();
        ks.setKeyEntry(alias, key, NO_PASSWORD, chain.toArray(Certificate[]::new));
        return ks;
    }

    /** The certificates as one PEM text, in order (for Vert.x's PEM options beside the key store). */
    public static String pem(List<X509Certificate> certificates) {
        StringBuilder pem = new StringBuilder();
        certificates.forEach(c -> pem.append(Keys.certificateToPem(c).strip()).append('\n'));
        return pem.toString();
    }

    private static KeyStore empty() throws GeneralSecurityException, IOException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        return ks;
    }
}
