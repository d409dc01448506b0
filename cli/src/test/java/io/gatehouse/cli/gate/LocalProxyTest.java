package io.gatehouse.cli.gate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.shared.cert.CaType;
import io.gatehouse.shared.cert.HostIdentity;
import io.gatehouse.shared.cert.Keys;
import io.gatehouse.shared.cert.UserIdentity;
import io.gatehouse.shared.cert.X509CertificateSigner;
import io.gatehouse.shared.db.DbRoute;
import io.gatehouse.shared.routing.TlsRouting;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * gate proxy db's listener against a TLS server standing in for the proxy's web port: the ALPN name
 * follows the database's protocol, the user's database certificate is presented with --tunnel and
 * not without, bytes flow both ways unchanged (a megabyte each way, half close included), and an
 * expired certificate is renewed (tunnel) or reported.
 */
class LocalProxyTest {
    private static final KeyPair HOST_CA = Keys.generateEcdsaP256();
    private static final X509Certificate HOST_CA_CERT = X509CertificateSigner.selfSignedCa(HOST_CA, "test",
            CaType.HOST, Duration.ofDays(1));
    private static final KeyPair USER_CA = Keys.generateEcdsaP256();
    private static final X509Certificate USER_CA_CERT = X509CertificateSigner.selfSignedCa(USER_CA, "test",
            CaType.USER, Duration.ofDays(1));
    private static final KeyPair USER_KEY = Keys.generateEcdsaP256();
    private static final KeyPair PROXY_KEY = Keys.generateEcdsaP256();
    private static final AtomicInteger SERIAL = new AtomicInteger(10);

    @TempDir
    Path dir;
    private final List<String> log = new CopyOnWriteArrayList<>();

    @Test
    void withTunnelTheUsersCertificateIsPresentedAndBytesFlowBothWays() throws Exception {
        DbCertFiles files = login("orders-db", "postgres", Instant.now().plusSeconds(3600));
        try (FakeDbProxy proxy = proxy("proxy", TlsRouting.POSTGRES);
                LocalProxy listener = LocalProxy.start(0, upstream(files, true, proxy, failingRenewer()),
                        log::add)) {
            byte[] sent = new byte[1 << 20];
            new Random(7).nextBytes(sent);
            Exchange ex = exchange(listener.port(), sent);
            assertEquals("alpn=gatehouse-postgres cert=CN=alice,O=dev", ex.firstLine());
            assertArrayEquals(sent, ex.rest(), "the echo must be the bytes sent, in order");
        }
        assertEquals(List.of(), log);
    }

    @Test
    void withoutTunnelNoCertificateIsPresentedOnTheOuterTls() throws Exception {
        DbCertFiles files = login("shop", "mysql", Instant.now().plusSeconds(3600));
        try (FakeDbProxy proxy = proxy("proxy", TlsRouting.MYSQL);
                LocalProxy listener = LocalProxy.start(0, upstream(files, false, proxy, failingRenewer()),
                        log::add)) {
            Exchange ex = exchange(listener.port(), "ping".getBytes(StandardCharsets.UTF_8));
            assertEquals("alpn=gatehouse-mysql cert=none", ex.firstLine());
            assertEquals("ping", new String(ex.rest(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void manyConnectionsAtOnceEachGetTheirOwnProxyConnection() throws Exception {
        DbCertFiles files = login("orders-db", "postgres", Instant.now().plusSeconds(3600));
        try (FakeDbProxy proxy = proxy("proxy", TlsRouting.POSTGRES);
                LocalProxy listener = LocalProxy.start(0, upstream(files, true, proxy, failingRenewer()),
                        log::add)) {
            List<Thread> clients = new java.util.ArrayList<>();
            List<String> failures = new CopyOnWriteArrayList<>();
            for (int i = 0; i < 20; i++) {
                byte[] payload = ("client " + i).getBytes(StandardCharsets.UTF_8);
                clients.add(Thread.ofVirtual().start(() -> {
                    try {
                        Exchange ex = exchange(listener.port(), payload);
                        if (!new String(ex.rest(), StandardCharsets.UTF_8).equals(new String(payload,
                                StandardCharsets.UTF_8))) {
                            failures.add("wrong echo for " + new String(payload, StandardCharsets.UTF_8));
                        }
                    } catch (IOException e) {
                        failures.add(e.toString());
                    }
                }));
            }
            for (Thread t : clients) {
                t.join(20_000);
            }
            assertEquals(List.of(), failures);
            assertEquals(20, proxy.seen.size());
        }
    }

    @Test
    void anExpiredCertificateIsRenewedFromTheLoginWithTunnel() throws Exception {
        DbCertFiles files = login("orders-db", "postgres", Instant.now().minusSeconds(5));
        AtomicInteger renewals = new AtomicInteger();
        DbUpstream.Renewer renewer = expired -> {
            renewals.incrementAndGet();
            return write(expired, "postgres", Instant.now().plusSeconds(3600));
        };
        try (FakeDbProxy proxy = proxy("proxy", TlsRouting.POSTGRES);
                LocalProxy listener = LocalProxy.start(0, upstream(files, true, proxy, renewer), log::add)) {
            assertEquals("alpn=gatehouse-postgres cert=CN=alice,O=dev", exchange(listener.port(), new byte[0])
                    .firstLine());
            exchange(listener.port(), new byte[0]);
        }
        assertEquals(1, renewals.get(), "renewed once, then the new certificate serves");
        assertTrue(log.size() == 1 && log.get(0).contains("renewed the database certificate for 'orders-db'"),
                log.toString());
    }

    @Test
    void anExpiredCertificateThatCannotBeRenewedRefusesTheConnectionWithAReason() throws Exception {
        DbCertFiles files = login("orders-db", "postgres", Instant.now().minusSeconds(5));
        try (FakeDbProxy proxy = proxy("proxy", TlsRouting.POSTGRES);
                LocalProxy listener = LocalProxy.start(0, upstream(files, true, proxy, failingRenewer()),
                        log::add)) {
            assertEquals(-1, connectAndRead(listener.port()), "the client's connection is closed");
            assertEquals(0, proxy.seen.size(), "nothing reached the proxy");
        }
        assertTrue(log.size() == 1 && log.get(0).contains("expired at") && log.get(0).contains("gate db login orders-db")
                && log.get(0).contains("your certificate expired"), log.toString());
    }

    @Test
    void withoutTunnelAnExpiredCertificateIsReportedOnceAndConnectionsStillGo() throws Exception {
        DbCertFiles files = login("orders-db", "postgres", Instant.now().minusSeconds(5));
        try (FakeDbProxy proxy = proxy("proxy", TlsRouting.POSTGRES);
                LocalProxy listener = LocalProxy.start(0, upstream(files, false, proxy, failingRenewer()),
                        log::add)) {
            assertEquals("alpn=gatehouse-postgres cert=none", exchange(listener.port(), new byte[0]).firstLine());
            exchange(listener.port(), new byte[0]);
        }
        assertEquals(1, log.size(), log.toString());
        assertTrue(log.get(0).contains("run gate db login orders-db"), log.get(0));
    }

    @Test
    void aServerThatIsNotTheClustersProxyIsRefused() throws Exception {
        DbCertFiles files = login("orders-db", "postgres", Instant.now().plusSeconds(3600));
        try (FakeDbProxy node = proxy("node", TlsRouting.POSTGRES);
                LocalProxy listener = LocalProxy.start(0, upstream(files, true, node, failingRenewer()),
                        log::add)) {
            assertEquals(-1, connectAndRead(listener.port()));
        }
        assertTrue(log.size() == 1 && log.get(0).contains("cannot reach the database through the proxy's web port"),
                log.toString());
    }

    @Test
    void aProxyThatDoesNotRouteTheProtocolIsReported() throws Exception {
        DbCertFiles files = login("orders-db", "postgres", Instant.now().plusSeconds(3600));
        try (FakeDbProxy proxy = proxy("proxy", "http/1.1");
                LocalProxy listener = LocalProxy.start(0, upstream(files, true, proxy, failingRenewer()),
                        log::add)) {
            assertEquals(-1, connectAndRead(listener.port()));
        }
        assertTrue(log.size() == 1 && log.get(0).contains("did not accept the protocol gatehouse-postgres"),
                log.toString());
    }

    @Test
    void theListenerServesLoopbackOnlyAndABusyPortIsAClearError() throws Exception {
        DbCertFiles files = login("orders-db", "postgres", Instant.now().plusSeconds(3600));
        try (FakeDbProxy proxy = proxy("proxy", TlsRouting.POSTGRES);
                LocalProxy listener = LocalProxy.start(0, upstream(files, true, proxy, failingRenewer()),
                        log::add)) {
            IOException busy = assertThrows(IOException.class, () -> LocalProxy.start(listener.port(),
                    upstream(files, true, proxy, failingRenewer()), log::add));
            assertTrue(busy.getMessage().contains("127.0.0.1:" + listener.port()) && busy.getMessage().contains(
                    "--port"), busy.getMessage());
        }
    }

    @Test
    void theStoredKeyIsPrivateToTheUser() throws Exception {
        DbCertFiles files = login("orders-db", "postgres", Instant.now().plusSeconds(3600));
        assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                Files.getPosixFilePermissions(files.key()));
        assertEquals(new DbRoute("orders-db", "postgres", "app", "orders"), files.route());
        assertEquals(List.of("orders-db"), DbCertFiles.stored(files.dir()));
        files.delete();
        assertEquals(List.of(), DbCertFiles.stored(files.dir()));
    }

    // --- helpers

    private DbUpstream upstream(DbCertFiles files, boolean tunnel, FakeDbProxy proxy, DbUpstream.Renewer renewer) {
        return new DbUpstream(files, tunnel, "127.0.0.1", proxy.port(), renewer, log::add, Clock.systemUTC());
    }

    private static DbUpstream.Renewer failingRenewer() {
        return expired -> {
            throw new io.gatehouse.cli.apiclient.CliException(5, "your certificate expired: run gate login again");
        };
    }

    private DbCertFiles login(String db, String protocol, Instant expires) throws IOException {
        return write(new DbCertFiles(dir.resolve("alice-db"), db), protocol, expires);
    }

    private static DbCertFiles write(DbCertFiles files, String protocol, Instant expires) throws IOException {
        UserIdentity id = new UserIdentity("alice", List.of("dev"), Map.of(), List.of(), expires.minusSeconds(7200),
                expires, new DbRoute(files.db(), protocol, "app", "orders").toRouting(), false, false,
                Optional.empty());
        X509Certificate cert = new X509CertificateSigner(USER_CA, USER_CA_CERT).issueUser(USER_KEY.getPublic(), id,
                SERIAL.incrementAndGet());
        files.write(Keys.privateKeyToPem(USER_KEY.getPrivate()), Keys.certificateToPem(cert),
                List.of(Keys.certificateToPem(HOST_CA_CERT)));
        return files;
    }

    /** A TLS server on 127.0.0.1 whose certificate names {@code role} (a real proxy's: "proxy"). */
    private static FakeDbProxy proxy(String role, String protocol) throws Exception {
        X509Certificate cert = role.equals("proxy")
                ? new X509CertificateSigner(HOST_CA, HOST_CA_CERT).issueServer(PROXY_KEY.getPublic(), "proxy",
                        "proxy.test", List.of("localhost"), List.of("127.0.0.1"), Duration.ofHours(1),
                        SERIAL.incrementAndGet())
                : new X509CertificateSigner(HOST_CA, HOST_CA_CERT).issueHost(PROXY_KEY.getPublic(), new HostIdentity(
                        "node-1", "web", "test", List.of(role), List.of("127.0.0.1", "localhost"),
                        Instant.now().minusSeconds(60), Instant.now().plusSeconds(3600)), SERIAL.incrementAndGet());
        return new FakeDbProxy(PROXY_KEY, cert, USER_CA_CERT, List.of(protocol));
    }

    record Exchange(String firstLine, byte[] rest) {
    }

    /** Sends everything while reading (no deadlock on a megabyte), half-closes, reads to the end. */
    private static Exchange exchange(int port, byte[] payload) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(15_000);
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    s.getOutputStream().write(payload);
                    s.shutdownOutput();
                } catch (IOException ignored) {
                    // the read below reports
                }
            });
            byte[] all = s.getInputStream().readAllBytes();
            try {
                writer.join(TimeUnit.SECONDS.toMillis(15));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            int nl = indexOf(all, (byte) '\n');
            assertTrue(nl >= 0, "no first line from the fake proxy: " + new String(all, StandardCharsets.UTF_8));
            ByteArrayOutputStream rest = new ByteArrayOutputStream();
            rest.write(all, nl + 1, all.length - nl - 1);
            return new Exchange(new String(all, 0, nl, StandardCharsets.UTF_8), rest.toByteArray());
        }
    }

    private static int connectAndRead(int port) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(15_000);
            InputStream in = s.getInputStream();
            return in.read();
        }
    }

    private static int indexOf(byte[] a, byte b) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
