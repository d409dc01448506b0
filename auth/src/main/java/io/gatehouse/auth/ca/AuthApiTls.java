package io.gatehouse.auth.ca;

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
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
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
                KeyStore ks = KeyStore.getInstance("PKCS12");
                ks.load(null, null);
                ks.setKeyEntry("auth", serverKey.getPrivate(), new char[0],
                        new Certificate[] {cert, host.tlsCertificate()});
                String keyPem = "-----BEGIN PRIVATE KEY-----\n"
                        + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(serverKey.getPrivate().getEncoded())
                        + "\n-----END PRIVATE KEY-----\n";
                PemKeyCertOptions options = new PemKeyCertOptions()
                        .addCertValue(Buffer.buffer(Keys.certificateToPem(cert) + Keys.certificateToPem(
                                host.tlsCertificate())))
                        .addKeyValue(Buffer.buffer(keyPem));
                return new KeyStoreAndKeyCertOptions(ks, options);
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
                KeyStore ts = KeyStore.getInstance("PKCS12");
                ts.load(null, null);
                PemTrustOptions options = new PemTrustOptions();
                for (CaType type : List.of(CaType.USER, CaType.HOST)) {
                    X509Certificate ca = cas.get(type).tlsCertificate();
                    ts.setCertificateEntry(type.id(), ca);
                    options.addCertValue(Buffer.buffer(Keys.certificateToPem(ca)));
                }
                return new TrustStoreAndTrustOptions(ts, options);
            } catch (GeneralSecurityException | java.io.IOException e) {
                throw new CaBootstrapException("cannot build the auth API's TLS trust store: " + e.getMessage(), e);
            }
        }
    }

    private static boolean isIp(String name) {
        return name.matches("[0-9.]+") || name.contains(":");
    }
}
