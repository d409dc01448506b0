package io.gatehouse.shared.api.client;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Trust on first contact without a CA file (Teleport's ca_pin): an agent joining knows only the
 * SHA-256 of the cluster host CA's public key ("sha256:hex"), and accepts the proxy only if the
 * presented chain ends at a CA with that key and the chain verifies.
 */
public final class CaPin {
    private CaPin() {
    }

    public static String of(X509Certificate ca) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(
                    ca.getPublicKey().getEncoded()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Trusts a proxy of the pinned cluster: the CA must match the pin and the server must hold the proxy role. */
    public static SSLContext sslContext(String pin) {
        X509TrustManager tm = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                throw new CertificateException("client side only");
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                check(chain, pin);
                String problem = io.gatehouse.shared.cert.PeerRoleTrust.problem(chain[0], "proxy");
                if (problem != null) {
                    throw new CertificateException(problem);
                }
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {tm}, null);
            return ctx;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static void check(X509Certificate[] chain, String pin) throws CertificateException {
        if (chain == null || chain.length < 2) {
            throw new CertificateException("the server did not send its CA certificate; cannot check the CA pin");
        }
        X509Certificate ca = chain[chain.length - 1];
        if (!of(ca).equalsIgnoreCase(pin)) {
            throw new CertificateException("the server's CA does not match the pinned " + pin
                    + " (it is " + of(ca) + "): wrong cluster, or someone in the middle");
        }
        try {
            for (int i = 0; i < chain.length - 1; i++) {
                chain[i].checkValidity();
                chain[i].verify(chain[i + 1].getPublicKey());
            }
        } catch (Exception e) {
            throw new CertificateException("the server's certificate chain does not verify: " + e.getMessage(), e);
        }
    }
}
