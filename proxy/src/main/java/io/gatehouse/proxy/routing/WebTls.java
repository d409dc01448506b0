package io.gatehouse.proxy.routing;

import io.gatehouse.proxy.authclient.AuthConnection;
import io.gatehouse.shared.cert.Keys;
import io.quarkus.tls.runtime.KeyStoreAndKeyCertOptions;
import io.quarkus.tls.runtime.KeyStoreProvider;
import io.quarkus.tls.runtime.TrustStoreAndTrustOptions;
import io.quarkus.tls.runtime.TrustStoreProvider;
import io.smallrye.common.annotation.Identifier;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * The web listener (:3080) presents the proxy's host certificate followed by the host CA, so a
 * joining agent can check the chain against its CA pin before it has any other trust. It asks
 * for (but does not require) a client certificate: `gate` presents the user's, browsers none.
 */
@ApplicationScoped
@Identifier("proxy-web")
public class WebTls implements KeyStoreProvider {
    private final AuthConnection connection;

    public WebTls(AuthConnection connection) {
        this.connection = connection;
    }

    @Override
    public KeyStoreAndKeyCertOptions getKeyStore(Vertx vertx) {
        try {
            KeyStore ks = keyStore(connection);
            var key = (java.security.PrivateKey) ks.getKey("proxy", new char[0]);
            StringBuilder pem = new StringBuilder();
            for (Certificate c : ks.getCertificateChain("proxy")) {
                pem.append(Keys.certificateToPem((java.security.cert.X509Certificate) c).strip()).append('\n');
            }
            return new KeyStoreAndKeyCertOptions(ks, new PemKeyCertOptions().addCertValue(Buffer.buffer(pem.toString()))
                    .addKeyValue(Buffer.buffer(Keys.privateKeyToPem(key))));
        } catch (Exception e) {
            throw new IllegalStateException("cannot build the proxy's web TLS from its identity: " + e.getMessage(), e);
        }
    }

    /**
     * The proxy's key under the alias "proxy" with its certificate and the host CA: what the web
     * listener presents, and the TLS router for the protocols it terminates (routing/RoutingService).
     */
    public static KeyStore keyStore(AuthConnection connection) throws Exception {
        var id = connection.identity();
        List<Certificate> chain = new ArrayList<>(List.of(id.tlsCertificate()));
        // The host CA is the first trusted CA in an identity file written by auth.
        chain.add(Keys.parseCertificatePem(id.trustedTlsCaPems().get(0)));
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("proxy", Keys.parsePrivateKeyPem(id.privateKeyPem()), new char[0],
                chain.toArray(Certificate[]::new));
        return ks;
    }

    /** Client certificates are accepted from the cluster CAs; which kind is checked per endpoint (UserCaller). */
    @ApplicationScoped
    @Identifier("proxy-web")
    public static class ClientTrust implements TrustStoreProvider {
        private final AuthConnection connection;

        public ClientTrust(AuthConnection connection) {
            this.connection = connection;
        }

        @Override
        public TrustStoreAndTrustOptions getTrustStore(Vertx vertx) {
            try {
                KeyStore ts = KeyStore.getInstance("PKCS12");
                ts.load(null, null);
                PemTrustOptions options = new PemTrustOptions();
                int i = 0;
                for (String pem : connection.identity().trustedTlsCaPems()) {
                    for (var ca : Keys.parseCertificatesPem(pem)) {
                        ts.setCertificateEntry("ca-" + i++, ca);
                        options.addCertValue(Buffer.buffer(Keys.certificateToPem(ca)));
                    }
                }
                return new TrustStoreAndTrustOptions(ts, options);
            } catch (Exception e) {
                throw new IllegalStateException("cannot build the proxy's client trust: " + e.getMessage(), e);
            }
        }
    }
}
