package io.gatehouse.auth.ca;

import io.gatehouse.shared.cert.KeyStores;
import io.gatehouse.auth.config.GatehouseConfig;
import io.gatehouse.shared.cert.CaType;
import io.gatehouse.shared.cert.Keys;
import io.gatehouse.shared.cert.X509CertificateSigner;
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
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * TLS material of the mutual-TLS auth API (:3025), built from the cluster CAs in the database:
 * the server presents a certificate from the host CA (fresh key each start, never stored), and
 * accepts client certificates from the user CA and the host CA only. Which CA signed a given
 * client certificate is checked again per request (CallerIdentityFilter): trust here is the union.
 */
public final class AuthApiTls {
    static final String NAME = "auth-api";
    private static final Duration SERVER_CERT_TTL = Duration.ofDays(30);

    private AuthApiTls() {
    }

    @ApplicationScoped
    @Identifier(NAME)
    public static class ServerKeyStore implements KeyStoreProvider {
        private final CertificateAuthorities cas;
        private final GatehouseConfig config;

        public ServerKeyStore(CertificateAuthorities cas, GatehouseConfig config) {
            this.cas = cas;
            this.config = config;
        }

        @Override
        public KeyStoreAndKeyCertOptions getKeyStore(Vertx vertx) {
            ClusterCa host = cas.get(CaType.HOST);
            KeyPair serverKey = Keys.generateEcdsaP256();
            X509Certificate cert = new X509CertificateSigner(host.keyPair(), host.tlsCertificate()).issueServer(
                    serverKey.getPublic(), "auth", "auth." + host.clusterName(), dnsNames(host.clusterName()), ipAddresses(),
                    SERVER_CERT_TTL, new SecureRandom().nextLong() & Long.MAX_VALUE);
            try {
                List<X509Certificate> chain = List.of(cert, host.tlsCertificate());
                PemKeyCertOptions options = new PemKeyCertOptions()
                        .addCertValue(Buffer.buffer(KeyStores.pem(chain)))
                        .addKeyValue(Buffer.buffer(Keys.privateKeyToPem(serverKey.getPrivate())));
                return new KeyStoreAndKeyCertOptions(KeyStores.holding("auth", serverKey.getPrivate(), chain), options);
            } catch (GeneralSecurityException | java.io.IOException e) {
                throw new CaBootstrapException("cannot build the auth API's TLS key store: " + e.getMessage(), e);
            }
        }

        private List<String> dnsNames(String clusterName) {
            Set<String> names = new LinkedHashSet<>(List.of("localhost", "auth", "auth." + clusterName));
            try {
                names.add(InetAddress.getLocalHost().getHostName());
            } catch (java.net.UnknownHostException ignored) {
                // no resolvable host name: the fixed names still work
            }
            config.auth().serverNames().orElse(List.of()).stream().filter(n -> !isIp(n)).forEach(names::add);
            return new ArrayList<>(names);
        }

        private List<String> ipAddresses() {
            Set<String> ips = new LinkedHashSet<>(List.of("127.0.0.1", "::1"));
            config.auth().serverNames().orElse(List.of()).stream().filter(AuthApiTls::isIp).forEach(ips::add);
            return new ArrayList<>(ips);
        }
    }

    @ApplicationScoped
    @Identifier(NAME)
    public static class ClientTrustStore implements TrustStoreProvider {
        private final CertificateAuthorities cas;

        public ClientTrustStore(CertificateAuthorities cas) {
            this.cas = cas;
        }

        @Override
        public TrustStoreAndTrustOptions getTrustStore(Vertx vertx) {
            try {
                List<X509Certificate> trusted = List.of(cas.get(CaType.USER).tlsCertificate(),
                        cas.get(CaType.HOST).tlsCertificate());
                return new TrustStoreAndTrustOptions(KeyStores.trusting(trusted),
                        new PemTrustOptions().addCertValue(Buffer.buffer(KeyStores.pem(trusted))));
            } catch (GeneralSecurityException | java.io.IOException e) {
                throw new CaBootstrapException("cannot build the auth API's TLS trust store: " + e.getMessage(), e);
            }
        }
    }

    private static boolean isIp(String name) {
        return name.matches("[0-9.]+") || name.contains(":");
    }
}
