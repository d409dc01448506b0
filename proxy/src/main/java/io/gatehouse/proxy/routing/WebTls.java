package io.gatehouse.proxy.routing;

import java.security.cert.X509Certificate;
import io.gatehouse.shared.cert.KeyStores;
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
            var id = connection.identity();
            return new KeyStoreAndKeyCertOptions(keyStore(connection), new PemKeyCertOptions()
                    .addCertValue(Buffer.buffer(KeyStores.pem(chain(connection))))
                    .addKeyValue(Buffer.buffer(id.privateKeyPem())));
        } catch (Exception e) {
            throw new IllegalStateException("cannot build the proxy's web TLS from its identity: " + e.getMessage(), e);
        }
    }

    /**
     * The proxy's key under the alias "proxy" with its certificate and the host CA: what the web
     * listener presents, and the TLS router for the protocols it terminates (routing/RoutingService).
     */
    public static KeyStore keyStore(AuthConnection connection) throws Exception {
        return KeyStores.holding("proxy", Keys.parsePrivateKeyPem(connection.identity().privateKeyPem()),
                chain(connection));
    }

    private static List<X509Certificate> chain(AuthConnection connection) {
        var id = connection.identity();
        // The host CA is the first trusted CA in an identity file written by auth.
        return List.of(id.tlsCertificate(), Keys.parseCertificatePem(id.trustedTlsCaPems().get(0)));
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
                List<X509Certificate> cas = KeyStores.certificates(connection.identity().trustedTlsCaPems());
                return new TrustStoreAndTrustOptions(KeyStores.trusting(cas),
                        new PemTrustOptions().addCertValue(Buffer.buffer(KeyStores.pem(cas))));
            } catch (Exception e) {
                throw new IllegalStateException("cannot build the proxy's client trust: " + e.getMessage(), e);
            }
        }
    }
}
