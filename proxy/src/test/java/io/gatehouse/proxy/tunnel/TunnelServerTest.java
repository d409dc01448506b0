package io.gatehouse.proxy.tunnel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.agent.tunnel.TunnelClient;
import io.gatehouse.shared.cert.HostIdentity;
import io.gatehouse.shared.cert.Keys;
import io.gatehouse.shared.cert.SshCertificateSigner;
import io.gatehouse.shared.tunnel.TunnelProtocol;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.io.IoHandler;
import org.apache.sshd.common.io.IoSession;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;
import org.apache.sshd.common.util.net.SshdSocketAddress;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The tunnel server against the real agent TunnelClient, and against clients that cheat. */
class TunnelServerTest {
    private static final KeyPair HOST_CA = Keys.generateEcdsaP256();
    private static final KeyPair OTHER_CA = Keys.generateEcdsaP256();
    private static final TunnelRegistry REGISTRY = new TunnelRegistry();
    private static TunnelServer server;
    private static ServerSocket echo;

    @BeforeAll
    static void start() throws Exception {
        KeyPair proxyKey = Keys.generateEcdsaP256();
        server = new TunnelServer(proxyKey, cert(HOST_CA, proxyKey, "proxy-id", "proxy", List.of("proxy")),
                () -> List.of(HOST_CA.getPublic()), REGISTRY, Clock.systemUTC(), "127.0.0.1", 0, 50);
        server.start();
        // Stands in for the agent's SSH service: echoes one line back.
        echo = new ServerSocket(0);
        Thread.ofVirtual().start(() -> {
            while (!echo.isClosed()) {
                try (Socket s = echo.accept()) {
                    s.getOutputStream().write(s.getInputStream().readNBytes(5));
                } catch (IOException ignored) {
                    // closed at the end
                }
            }
        });
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        echo.close();
    }

    private static String cert(KeyPair ca, KeyPair subject, String hostId, String name, List<String> roles) {
        Instant now = Instant.now();
        return new SshCertificateSigner(ca).signHost(subject.getPublic(), new HostIdentity(hostId, name, "test",
                roles, List.of("127.0.0.1"), now.minusSeconds(60), now.plus(Duration.ofHours(1))), 1);
    }

    private static TunnelClient client(KeyPair key, String certificate) {
        return new TunnelClient("127.0.0.1:" + server.port(), key, certificate, List.of(HOST_CA.getPublic()),
                echo.getLocalPort(), Clock.systemUTC());
    }

    @Test
    void aCertifiedAgentGetsARouteThatCarriesBytesToItsService() throws Exception {
        KeyPair key = Keys.generateEcdsaP256();
        try (TunnelClient agent = client(key, cert(HOST_CA, key, "host-a", "node-a", List.of("node")))) {
            Thread.ofVirtual().start(agent);
            waitFor(() -> REGISTRY.find("host-a").isPresent());
            var route = REGISTRY.find("host-a").orElseThrow();
            assertEquals("node-a", route.nodeName());
            try (Socket s = new Socket(route.address().getAddress(), route.address().getPort())) {
                s.getOutputStream().write("hello".getBytes(StandardCharsets.US_ASCII));
                assertEquals("hello", new String(s.getInputStream().readNBytes(5), StandardCharsets.US_ASCII));
            }
        }
        waitFor(() -> REGISTRY.find("host-a").isEmpty());
    }

    @Test
    void aTunnelChannelJoinsTheProxysClientAndTheAgentsServiceInProcessBothWays() throws Exception {
        KeyPair key = Keys.generateEcdsaP256();
        // The agent's "SSH service" echoes what it gets and notes when its connection ends.
        AtomicBoolean serviceClosed = new AtomicBoolean();
        IoHandler service = handler((io, bytes) -> io.writeBuffer(new ByteArrayBuffer(bytes)),
                () -> serviceClosed.set(true));
        try (TunnelClient agent = new TunnelClient("127.0.0.1:" + server.port(), key, cert(HOST_CA, key, "host-f",
                "node-f", List.of("node")), List.of(HOST_CA.getPublic()), 1, service, Clock.systemUTC())) {
            Thread.ofVirtual().start(agent);
            waitFor(() -> REGISTRY.find("host-f").isPresent());
            LinkedBlockingQueue<byte[]> echoed = new LinkedBlockingQueue<>();
            AtomicBoolean clientClosed = new AtomicBoolean();
            var connected = TunnelChannels.connect(REGISTRY.find("host-f").orElseThrow(), handler((s, bytes) -> {
                echoed.add(bytes);
                return null;
            }, () -> clientClosed.set(true)), null);
            assertTrue(connected.await(10, TimeUnit.SECONDS) && connected.isConnected());
            IoSession io = connected.getSession();
            // More than a channel window's worth, so flow control takes part.
            byte[] sent = new byte[3 * 1024 * 1024 + 7];
            new java.util.Random(1).nextBytes(sent);
            for (int off = 0; off < sent.length; off += 50_000) {
                io.writeBuffer(new ByteArrayBuffer(sent, off, Math.min(50_000, sent.length - off)))
                        .verify(Duration.ofSeconds(10));
            }
            java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
            while (got.size() < sent.length) {
                byte[] b = echoed.poll(10, TimeUnit.SECONDS);
                assertNotNull(b, "echo stalled after " + got.size() + " bytes");
                got.write(b);
            }
            assertArrayEquals(sent, got.toByteArray());
            io.close(false);
            waitFor(serviceClosed::get);
            assertTrue(clientClosed.get());
        }
    }

    /** The proxy's web port in front of this tunnel server, with an X.509 certificate holding {@code roles}. */
    private static io.gatehouse.proxy.routing.TlsRouter router(java.security.cert.X509Certificate caCert,
            List<String> roles) throws Exception {
        KeyPair key = Keys.generateEcdsaP256();
        var cert = new io.gatehouse.shared.cert.X509CertificateSigner(HOST_CA, caCert).issueHost(key.getPublic(),
                new HostIdentity("proxy-id", "proxy", "test", roles, List.of("127.0.0.1"), Instant.now()
                        .minusSeconds(60), Instant.now().plusSeconds(3600)), 7);
        java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("proxy", key.getPrivate(), new char[0], new java.security.cert.Certificate[] {cert, caCert});
        var kmf = javax.net.ssl.KeyManagerFactory.getInstance(javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, new char[0]);
        javax.net.ssl.SSLContext tls = javax.net.ssl.SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        var r = new io.gatehouse.proxy.routing.TlsRouter(new io.gatehouse.proxy.routing.RoutingTable<>(java.util.Map.of(
                io.gatehouse.shared.routing.TlsRouting.TUNNEL, new io.gatehouse.proxy.routing.Route.Ssh(server.connections()))),
                new java.net.InetSocketAddress("127.0.0.1", 1), tls, (why, from) -> { }, "127.0.0.1", 0, 10);
        r.start();
        return r;
    }

    /** What the agent trusts for the web port: the host CA, and only a certificate with the proxy role. */
    private static javax.net.ssl.SSLContext agentTls(java.security.cert.X509Certificate caCert) throws Exception {
        java.security.KeyStore ts = java.security.KeyStore.getInstance("PKCS12");
        ts.load(null, null);
        ts.setCertificateEntry("host-ca", caCert);
        javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLS");
        ctx.init(null, io.gatehouse.shared.cert.PeerRoleTrust.requiring("proxy", ts), null);
        return ctx;
    }

    @Test
    void anAgentReachesTheTunnelServerThroughTheWebPort() throws Exception {
        var caCert = io.gatehouse.shared.cert.X509CertificateSigner.selfSignedCa(HOST_CA, "test",
                io.gatehouse.shared.cert.CaType.HOST, Duration.ofHours(1));
        KeyPair key = Keys.generateEcdsaP256();
        try (var web = router(caCert, List.of("proxy"));
                TunnelClient agent = client(key, cert(HOST_CA, key, "host-w", "node-w", List.of("node")))) {
            agent.routeBy(() -> new TunnelClient.Dial("127.0.0.1", web.port(), true), () -> {
                try {
                    return agentTls(caCert);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.ofVirtual().start(agent);
            waitFor(() -> REGISTRY.find("host-w").isPresent());
            var route = REGISTRY.find("host-w").orElseThrow();
            try (Socket s = new Socket(route.address().getAddress(), route.address().getPort())) {
                s.getOutputStream().write("hello".getBytes(StandardCharsets.US_ASCII));
                assertEquals("hello", new String(s.getInputStream().readNBytes(5), StandardCharsets.US_ASCII));
            }
        }
        waitFor(() -> REGISTRY.find("host-w").isEmpty());
    }

    @Test
    void anAgentWillNotTunnelToAWebPortWhoseCertificateIsANodes() throws Exception {
        var caCert = io.gatehouse.shared.cert.X509CertificateSigner.selfSignedCa(HOST_CA, "test",
                io.gatehouse.shared.cert.CaType.HOST, Duration.ofHours(1));
        KeyPair key = Keys.generateEcdsaP256();
        try (var impostor = router(caCert, List.of("node"));
                TunnelClient agent = client(key, cert(HOST_CA, key, "host-x", "node-x", List.of("node")))) {
            agent.routeBy(() -> new TunnelClient.Dial("127.0.0.1", impostor.port(), true), () -> {
                try {
                    return agentTls(caCert);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.ofVirtual().start(agent);
            Thread.sleep(1500);
            assertTrue(REGISTRY.find("host-x").isEmpty(), "no tunnel through a node's certificate");
            assertFalse(agent.isUp());
        }
    }

    @FunctionalInterface
    private interface Received {
        Object take(IoSession io, byte[] bytes) throws Exception;
    }

    private static IoHandler handler(Received received, Runnable closed) {
        return new IoHandler() {
            @Override
            public void sessionCreated(IoSession io) {
            }

            @Override
            public void sessionClosed(IoSession io) {
                closed.run();
            }

            @Override
            public void exceptionCaught(IoSession io, Throwable cause) {
                io.close(true);
            }

            @Override
            public void messageReceived(IoSession io, org.apache.sshd.common.util.Readable message) throws Exception {
                byte[] bytes = new byte[message.available()];
                message.getRawBytes(bytes, 0, bytes.length);
                received.take(io, bytes);
            }
        };
    }

    @Test
    void certificatesFromAnotherCaForAnotherKeyOrWithoutTheNodeRoleGetNoRoute() throws Exception {
        KeyPair key = Keys.generateEcdsaP256();
        KeyPair other = Keys.generateEcdsaP256();
        for (var c : List.of(cert(OTHER_CA, key, "host-b", "forged", List.of("node")),
                cert(HOST_CA, other, "host-b", "stolen", List.of("node")),
                cert(HOST_CA, key, "host-b", "a-proxy", List.of("proxy")))) {
            try (TunnelClient agent = client(key, c)) {
                Thread.ofVirtual().start(agent);
                Thread.sleep(1500);
                assertFalse(agent.isUp());
                assertTrue(REGISTRY.find("host-b").isEmpty());
            }
        }
    }

    @Test
    void anAgentRefusesATunnelServerThatIsNotACertifiedProxy() throws Exception {
        KeyPair nodeKey = Keys.generateEcdsaP256();
        // A node's certificate from the same CA must not pass for a proxy.
        TunnelRegistry impostorRoutes = new TunnelRegistry();
        try (TunnelServer impostor = new TunnelServer(nodeKey, cert(HOST_CA, nodeKey, "n", "n", List.of("node")),
                () -> List.of(HOST_CA.getPublic()), impostorRoutes, Clock.systemUTC(), "127.0.0.1", 0, 50)) {
            impostor.start();
            KeyPair key = Keys.generateEcdsaP256();
            try (TunnelClient agent = new TunnelClient("127.0.0.1:" + impostor.port(), key,
                    cert(HOST_CA, key, "host-d", "node-d", List.of("node")), List.of(HOST_CA.getPublic()),
                    echo.getLocalPort(), Clock.systemUTC())) {
                Thread.ofVirtual().start(agent);
                Thread.sleep(1500);
                assertFalse(agent.isUp());
                // (a retry may be mid-handshake at this instant, so count routes, not sessions)
                assertTrue(impostorRoutes.find("host-d").isEmpty(), "the agent gave the impostor no tunnel");
            }
        }
    }

    @Test
    void aCertifiedAgentMayForwardOnlyLoopbackPortZeroAndOnlyOnce() throws Exception {
        KeyPair key = Keys.generateEcdsaP256();
        String certificate = cert(HOST_CA, key, "host-c", "node-c", List.of("node"));
        try (SshClient client = SshClient.setUpDefaultClient()) {
            client.setServerKeyVerifier((s, a, k) -> true);
            client.start();
            try (ClientSession s = client.connect(TunnelProtocol.TUNNEL_USER, "127.0.0.1", server.port())
                    .verify(Duration.ofSeconds(10)).getSession()) {
                s.addPublicKeyIdentity(key);
                s.auth().verify(Duration.ofSeconds(10));
                // Without the certificate step nothing may be forwarded.
                assertThrows(IOException.class, () -> s.startRemotePortForwarding(new SshdSocketAddress(
                        "127.0.0.1", 0), new SshdSocketAddress("127.0.0.1", echo.getLocalPort())));
                var request = s.createBuffer(SshConstants.SSH_MSG_GLOBAL_REQUEST);
                request.putString(TunnelProtocol.HOST_CERTIFICATE_REQUEST);
                request.putBoolean(true);
                request.putString(certificate);
                assertNotNull(s.request(TunnelProtocol.HOST_CERTIFICATE_REQUEST, request, Duration.ofSeconds(10)));
                assertThrows(IOException.class, () -> s.startRemotePortForwarding(new SshdSocketAddress(
                        "0.0.0.0", 0), new SshdSocketAddress("127.0.0.1", echo.getLocalPort())), "all interfaces");
                assertThrows(IOException.class, () -> s.startRemotePortForwarding(new SshdSocketAddress(
                        "127.0.0.1", 2222), new SshdSocketAddress("127.0.0.1", echo.getLocalPort())), "fixed port");
                s.startRemotePortForwarding(new SshdSocketAddress("127.0.0.1", 0),
                        new SshdSocketAddress("127.0.0.1", echo.getLocalPort()));
                assertThrows(IOException.class, () -> s.startRemotePortForwarding(new SshdSocketAddress(
                        "127.0.0.1", 0), new SshdSocketAddress("127.0.0.1", echo.getLocalPort())), "a second one");
                assertTrue(REGISTRY.find("host-c").isPresent());
            }
        }
    }

    @Test
    void beyondTheHandshakeLimitConnectionsAreClosedBeforeTheVersionExchange() throws Exception {
        KeyPair proxyKey = Keys.generateEcdsaP256();
        try (TunnelServer small = new TunnelServer(proxyKey, cert(HOST_CA, proxyKey, "p", "p", List.of("proxy")),
                () -> List.of(HOST_CA.getPublic()), new TunnelRegistry(), Clock.systemUTC(), "127.0.0.1", 0, 2)) {
            small.start();
            try (Socket first = new Socket("127.0.0.1", small.port());
                    Socket second = new Socket("127.0.0.1", small.port())) {
                // Two silent clients are mid-handshake: the server has sent its version line to each.
                assertTrue(versionLine(first).startsWith("SSH-2.0-"));
                assertTrue(versionLine(second).startsWith("SSH-2.0-"));
                try (Socket third = new Socket("127.0.0.1", small.port())) {
                    assertEquals("", versionLine(third), "the third connection is closed without a word");
                }
                assertEquals(2, small.handshakesInProgress());
                first.close();
                waitFor(() -> small.handshakesInProgress() == 1);
                try (Socket fourth = new Socket("127.0.0.1", small.port())) {
                    assertTrue(versionLine(fourth).startsWith("SSH-2.0-"), "admitted once a handshake ended");
                }
            }
        }
    }

    @Test
    void aCertifiedTunnelNoLongerCountsAsAHandshake() throws Exception {
        KeyPair proxyKey = Keys.generateEcdsaP256();
        TunnelRegistry routes = new TunnelRegistry();
        try (TunnelServer single = new TunnelServer(proxyKey, cert(HOST_CA, proxyKey, "p", "p", List.of("proxy")),
                () -> List.of(HOST_CA.getPublic()), routes, Clock.systemUTC(), "127.0.0.1", 0, 1)) {
            single.start();
            KeyPair key = Keys.generateEcdsaP256();
            try (TunnelClient agent = new TunnelClient("127.0.0.1:" + single.port(), key,
                    cert(HOST_CA, key, "host-e", "node-e", List.of("node")), List.of(HOST_CA.getPublic()),
                    echo.getLocalPort(), Clock.systemUTC())) {
                Thread.ofVirtual().start(agent);
                waitFor(() -> routes.find("host-e").isPresent());
                assertEquals(0, single.handshakesInProgress());
                try (Socket next = new Socket("127.0.0.1", single.port())) {
                    assertTrue(versionLine(next).startsWith("SSH-2.0-"), "the next agent is admitted");
                }
            }
        }
    }

    @Test
    void agentsWaitForEachStepAtLeastAsLongAsTheProxyWaitsForThem() {
        assertTrue(TunnelClient.STEP_TIMEOUT.compareTo(TunnelServer.LOGIN_GRACE) >= 0);
        assertTrue(TunnelClient.STEP_TIMEOUT.compareTo(TunnelServer.CERTIFICATE_DEADLINE) >= 0);
    }

    /** The first line the server sends ("" if it closes the connection first). */
    private static String versionLine(Socket s) throws IOException {
        s.setSoTimeout(10_000);
        StringBuilder line = new StringBuilder();
        try {
            for (int c = s.getInputStream().read(); c != -1 && c != '\n'; c = s.getInputStream().read()) {
                line.append((char) c);
            }
        } catch (java.net.SocketException e) {
            return line.toString(); // reset instead of closed: also "without a word"
        }
        return line.toString().strip();
    }

    private static void waitFor(BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(15);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("condition not met within 15 s");
            }
            Thread.sleep(100);
        }
    }
}
