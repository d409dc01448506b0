package io.gatehouse.proxy.service;

import io.gatehouse.shared.cert.KeyStores;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Trusts client certificates from the cluster's user CA only (PKIX, so validity dates are checked
 * too), as the database and app fronts' TLS verifies them. The CA certificates are read from auth when
 * first needed (not at start-up: auth may be away then) and again every {@link #REFRESH}, so a
 * rotated CA is picked up; until auth has answered once, every client certificate is refused.
 */
public final class UserCaTrust extends X509ExtendedTrustManager {
    static final Duration REFRESH = Duration.ofMinutes(5);

    private final Supplier<List<X509Certificate>> userCas;
    private volatile Loaded loaded;

    private record Loaded(X509TrustManager trust, List<X509Certificate> cas, long at) {
    }

    /** {@code userCas}: the user CA's X.509 certificates (auth's /v1/cas/user). */
    public UserCaTrust(Supplier<List<X509Certificate>> userCas) {
        this.userCas = userCas;
    }

    private Loaded current() throws CertificateException {
        Loaded l = loaded;
        if (l != null && System.nanoTime() - l.at() < REFRESH.toNanos()) {
            return l;
        }
        try {
            List<X509Certificate> cas = List.copyOf(userCas.get());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
            tmf.init(KeyStores.trusting(cas));
            for (TrustManager tm : tmf.getTrustManagers()) {
                if (tm instanceof X509TrustManager x) {
                    loaded = new Loaded(x, cas, System.nanoTime());
                    return loaded;
                }
            }
            throw new CertificateException("no X.509 trust manager for the user CA");
        } catch (CertificateException e) {
            throw e;
        } catch (Exception e) {
            if (l != null) {
                return l; // auth is away: the CA read last still holds
            }
            throw new CertificateException("cannot read the cluster's user CA from auth: " + e.getMessage(), e);
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        current().trust().checkClientTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("the user-certificate fronts verify clients, never servers");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    /** The user CA, as the TLS CertificateRequest names it (a client picks its certificate by it). */
    @Override
    public X509Certificate[] getAcceptedIssuers() {
        try {
            return current().cas().toArray(X509Certificate[]::new);
        } catch (CertificateException e) {
            return new X509Certificate[0];
        }
    }
}
