package io.gatehouse.proxy.routing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.shared.cert.CaType;
import io.gatehouse.shared.cert.Keys;
import io.gatehouse.shared.cert.X509CertificateSigner;
import io.gatehouse.shared.routing.SocketSession;
import io.gatehouse.shared.routing.TlsRouting;
import io.gatehouse.shared.tunnel.RoutedIo;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.SshServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The web port with real sockets: a fake web listener, a real MINA SSH server, real TLS clients. */
class TlsRouterTest {
    private static final KeyPair PROXY_KEY = Keys.generateEcdsaP256();
    private static final X509Certificate PROXY_CERT = X509CertificateSigner.selfSignedCa(PROXY_KEY, "test",
            CaType.HOST, Duration.ofHours(1));

    private final List<String> refusals = new CopyOnWriteArrayList<>();
    private final List<java.net.SocketAddress> sshPeers = new CopyOnWriteArrayList<>();
    private final LinkedBlockingQueue<Socket> webSide = new LinkedBlockingQueue<>();
    private ServerSocket web;
    private SshServer ssh;
    private TlsRouter router;

    @BeforeEach
    void start() throws Exception {
        web = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            try {
                while (true) {
                    webSide.add(web.accept());
                }
            } catch (IOException closed) {
                // test over
            }
        });
        ssh = SshServer.setUpDefaultServer();
        ssh.setHost("127.0.0.1");
        ssh.setPort(0);
        ssh.setKeyPairProvider(KeyPairProvider.wrap(Keys.generateEcdsaP256()));
        ssh.setPasswordAuthenticator((user, password, session) -> {
            sshPeers.add(session.getRemoteAddress());
            return "right".equals(password);
        });
        ssh.start();
        router = new TlsRouter(new RoutingTable<>(Map.of(TlsRouting.SSH, new Route.Ssh(ssh.getSessionFactory()))),
                (InetSocketAddress) web.getLocalSocketAddress(), serverTls(), (reason, remote) -> refusals.add(reason),
                "127.0.0.1", 0, 10, Duration.ofMillis(800));
        router.start();
    }

    @AfterEach
    void stop() throws IOException {
        router.close();
        ssh.stop(true);
        web.close();
    }

    private static SSLContext serverTls() throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("proxy", PROXY_KEY.getPrivate(), new char[0], new Certificate[] {PROXY_CERT});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, new char[0]);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
    }

    private static SSLContext clientTls() throws Exception {
        KeyStore ts = KeyStore.getInstance("PKCS12");
        ts.load(null, null);
        ts.setCertificateEntry("ca", PROXY_CERT);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ts);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int c; (c = in.read()) >= 0 && c != '\n'; ) {
            line.write(c);
        }
        return line.toString(StandardCharsets.US_ASCII);
    }

    @Test
    void webConnectionsReachTheWebListenerUntouchedBehindAProxyLine() throws Exception {
        byte[] hello = ClientHelloTest.realHello("proxy.example.com", "h2", "http/1.1");
        try (Socket client = new Socket("127.0.0.1", router.port())) {
            client.getOutputStream().write(hello);
            Socket upstream = webSide.poll(5, TimeUnit.SECONDS);
            InputStream in = upstream.getInputStream();
            assertEquals("PROXY TCP4 127.0.0.1 127.0.0.1 " + client.getLocalPort() + " " + router.port() + "\r",
                    readLine(in));
            assertArrayEquals(hello, in.readNBytes(hello.length));
            upstream.getOutputStream().write("answer".getBytes());
            assertArrayEquals("answer".getBytes(), client.getInputStream().readNBytes(6));
            upstream.close();
        }
    }

    @Test
    void sshThroughTheWebPortReachesTheSshServerWithTheClientsAddress() throws Exception {
        SSLContext tls = clientTls();
        SshClient client = SshClient.setUpDefaultClient();
        client.setServerKeyVerifier((s, r, k) -> true);
        // As gate's and the agent's clients do it: dial TLS with the ALPN name, then run SSH over it.
        client.setIoServiceFactoryFactory(RoutedIo.with((handler, target, context) -> {
            try {
                InetSocketAddress t = (InetSocketAddress) target;
                return SocketSession.connected(TlsRouting.dial(tls, t.getHostString(), t.getPort(), TlsRouting.SSH,
                        Duration.ofSeconds(5)), handler, context);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }));
        client.start();
        try (ClientSession session = client.connect("alice", "127.0.0.1", router.port()).verify(Duration.ofSeconds(10))
                .getSession()) {
            session.addPasswordIdentity("right");
            session.auth().verify(Duration.ofSeconds(10));
            assertEquals(List.of(session.getIoSession().getLocalAddress()), sshPeers,
                    "the SSH server sees the client itself, not the router");
        } finally {
            client.stop();
        }
    }

    @Test
    void anUnknownProtocolIsRefusedAndAudited() throws Exception {
        assertThrows(IOException.class, () -> TlsRouting.dial(clientTls(), "127.0.0.1", router.port(), "smtp",
                Duration.ofSeconds(5)).getInputStream().read());
        waitFor(() -> !refusals.isEmpty());
        assertTrue(refusals.get(0).contains("smtp"), refusals.toString());
    }

    @Test
    void aReservedProtocolIsRefused() throws Exception {
        assertThrows(SSLException.class, () -> TlsRouting.dial(clientTls(), "127.0.0.1", router.port(),
                TlsRouting.POSTGRES, Duration.ofSeconds(5)));
        waitFor(() -> !refusals.isEmpty());
        assertTrue(refusals.get(0).contains("gatehouse-postgres"), refusals.toString());
    }

    @Test
    void notTlsIsRefusedAndAudited() throws Exception {
        try (Socket client = new Socket("127.0.0.1", router.port())) {
            client.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes());
            assertEquals(-1, client.getInputStream().read());
        }
        waitFor(() -> !refusals.isEmpty());
    }

    @Test
    void aPostgresSslRequestIsRefusedWhenNoDatabaseRouteIsServed() throws Exception {
        try (Socket client = new Socket("127.0.0.1", router.port())) {
            client.getOutputStream().write(HelloReader.PG_SSL_REQUEST);
            assertEquals(-1, client.getInputStream().read());
        }
        waitFor(() -> !refusals.isEmpty());
        assertTrue(refusals.get(0).contains("serves no databases"), refusals.toString());
    }

    @Test
    void aNonTlsStartThatIsNotExactlyAPostgresPrefaceIsRefused() throws Exception {
        try (Socket client = new Socket("127.0.0.1", router.port())) {
            client.getOutputStream().write(new byte[] {0, 0, 0, 8, 0x04, (byte) 0xd2, 0x16, 0x30}); // code 80877104+
            assertEquals(-1, client.getInputStream().read());
        }
        waitFor(() -> !refusals.isEmpty());
        assertTrue(refusals.get(0).contains("not a PostgreSQL SSLRequest or CancelRequest"), refusals.toString());
    }

    @Test
    void aClientCannotWriteItsOwnProxyLineToPoseAsAnotherSource() throws Exception {
        byte[] hello = ClientHelloTest.realHello("proxy.example.com", "http/1.1");
        try (Socket client = new Socket("127.0.0.1", router.port())) {
            client.getOutputStream().write("PROXY TCP4 6.6.6.6 127.0.0.1 4242 443\r\n".getBytes());
            client.getOutputStream().write(hello);
            assertEquals(-1, client.getInputStream().read());
        }
        waitFor(() -> !refusals.isEmpty());
        assertEquals(null, webSide.poll(200, TimeUnit.MILLISECONDS), "nothing reached the web listener");
    }

    @Test
    void aSilentClientIsDroppedAtTheDeadline() throws Exception {
        try (Socket client = new Socket("127.0.0.1", router.port())) {
            client.getOutputStream().write(new byte[] {22, 3, 1}); // the start of a record, then nothing
            client.setSoTimeout(5_000);
            long start = System.nanoTime();
            assertEquals(-1, client.getInputStream().read());
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(4));
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 100 && !condition.getAsBoolean(); i++) {
            Thread.sleep(50);
        }
        assertTrue(condition.getAsBoolean());
    }
}
