package io.gatehouse.shared.cert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;

/** The stores are judged by what JSSE does with them: a real handshake over loopback. */
class KeyStoresTest {
    private static final KeyPair CA = Keys.generateEcdsaP256();
    private static final X509Certificate CA_CERT = X509CertificateSigner.selfSignedCa(CA, "test", CaType.HOST,
            Duration.ofDays(1));
    private static final KeyPair OTHER = Keys.generateEcdsaP256();
    private static final X509Certificate OTHER_CERT = X509CertificateSigner.selfSignedCa(OTHER, "other", CaType.HOST,
            Duration.ofDays(1));

    @Test
    void aServerHoldingItsChainIsTrustedByAClientTrustingItsCa() throws Exception {
        assertEquals("hello", handshake(List.of(CA_CERT)));
    }

    @Test
    void aClientTrustingAnotherCaRefusesTheServer() {
        assertThrows(SSLHandshakeException.class, () -> handshake(List.of(OTHER_CERT)));
    }

    @Test
    void pemKeepsEveryCertificateInOrder() {
        String pem = KeyStores.pem(List.of(CA_CERT, OTHER_CERT));
        assertEquals(List.of(CA_CERT, OTHER_CERT), Keys.parseCertificatesPem(pem));
        assertEquals(List.of(CA_CERT, OTHER_CERT), KeyStores.certificates(List.of(Keys.certificateToPem(CA_CERT),
                Keys.certificateToPem(OTHER_CERT))));
    }

    /** Serves one line with a certificate from CA; returns what a client trusting {@code trusted} read. */
    private static String handshake(List<X509Certificate> trusted) throws Exception {
        KeyPair serverKey = Keys.generateEcdsaP256();
        X509Certificate leaf = new X509CertificateSigner(CA, CA_CERT).issueServer(serverKey.getPublic(), "proxy",
                "localhost", List.of("localhost"), List.of("127.0.0.1"), Duration.ofHours(1), 1);
        KeyStore held = KeyStores.holding("server", serverKey.getPrivate(), List.of(leaf, CA_CERT));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(held, KeyStores.password());
        SSLContext server = SSLContext.getInstance("TLS");
        server.init(kmf.getKeyManagers(), null, null);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(KeyStores.trusting(trusted));
        SSLContext client = SSLContext.getInstance("TLS");
        client.init(null, tmf.getTrustManagers(), null);
        try (SSLServerSocket listener = (SSLServerSocket) server.getServerSocketFactory().createServerSocket(0, 1,
                InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> served = CompletableFuture.runAsync(() -> {
                try (SSLSocket s = (SSLSocket) listener.accept()) {
                    s.getOutputStream().write("hello".getBytes());
                } catch (Exception ignored) {
                    // the client's refusal ends the handshake here too
                }
            });
            try (SSLSocket c = (SSLSocket) client.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(),
                    listener.getLocalPort())) {
                c.startHandshake();
                String read = new String(c.getInputStream().readNBytes(5));
                served.join();
                return read;
            }
        }
    }
}
