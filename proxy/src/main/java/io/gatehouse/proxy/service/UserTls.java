package io.gatehouse.proxy.service;

import io.gatehouse.proxy.authclient.AuthConnection;
import io.gatehouse.shared.cert.Keys;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

/**
 * The TLS the web port's user-certificate routes terminate with (gatehouse-postgres, -mysql,
 * -app-tcp): the proxy's key and certificate, client certificates from the user CA only.
 */
public final class UserTls {
    private UserTls() {
    }

    /** The proxy's key and certificate, trusting {@code clients} for client certificates. */
    public static SSLContext of(KeyStore proxyKey, UserCaTrust clients) throws Exception {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(proxyKey, new char[0]);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), new TrustManager[] {clients}, null);
        return ctx;
    }

    /** The user CA's certificates as auth publishes them (for UserCaTrust). */
    public static List<X509Certificate> userCas(AuthConnection connection) {
        return connection.api().ca("user").tlsCertificates().stream()
                .flatMap(pem -> Keys.parseCertificatesPem(pem).stream()).toList();
    }
}
