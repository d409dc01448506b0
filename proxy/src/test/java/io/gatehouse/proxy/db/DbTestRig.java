package io.gatehouse.proxy.db;

import io.gatehouse.proxy.db.mysql.MysqlFront;
import io.gatehouse.proxy.db.postgres.CancelKeys;
import io.gatehouse.proxy.db.postgres.PostgresFront;
import io.gatehouse.proxy.routing.Route;
import io.gatehouse.proxy.routing.RoutingTable;
import io.gatehouse.proxy.routing.TlsRouter;
import io.gatehouse.proxy.service.UserCaTrust;
import io.gatehouse.proxy.service.UserTls;
import io.gatehouse.shared.cert.CaType;
import io.gatehouse.shared.cert.KeyStores;
import io.gatehouse.shared.cert.Keys;
import io.gatehouse.shared.cert.UserIdentity;
import io.gatehouse.shared.cert.X509CertificateSigner;
import io.gatehouse.shared.db.DbRoute;
import io.gatehouse.shared.rbac.AccessChecker;
import io.gatehouse.shared.rbac.Traits;
import io.gatehouse.shared.resource.Resources;
import io.gatehouse.shared.resource.RoleSpec;
import io.gatehouse.shared.routing.TlsRouting;
import io.gatehouse.shared.tunnel.ServiceChannels;
import io.gatehouse.shared.tunnel.ServiceRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.channel.ChannelFactory;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.server.SshServer;

/**
 * The database fronts on a real TLS router with real certificates, and a fake agent at the other
 * end of a real MINA SSH connection (the proxy's side opens service channels on it, as on a
 * tunnel). Certificates and keys are written to a temporary directory for the real clients.
 */
public final class DbTestRig implements AutoCloseable {
    private static final AtomicLong SERIALS = new AtomicLong(100);
    static final String ROLE = """
            kind: role
            version: v1
            metadata: {name: db-dev}
            spec:
              allow:
                db_labels: {"*": "*"}
                db_users: [app, "{{internal.db_users}}"]
                db_names: ["*"]
              deny:
                db_names: [secrets]
            """;

    public final Path dir;
    private final KeyPair userCaKey = Keys.generateEcdsaP256();
    private final X509Certificate userCa = X509CertificateSigner.selfSignedCa(userCaKey, "test", CaType.USER,
            Duration.ofHours(1));
    private final KeyPair hostCaKey = Keys.generateEcdsaP256();
    public final X509Certificate hostCa = X509CertificateSigner.selfSignedCa(hostCaKey, "test", CaType.HOST,
            Duration.ofHours(1));
    private final KeyPair proxyKey = Keys.generateEcdsaP256();
    private final X509Certificate proxyCert = new X509CertificateSigner(hostCaKey, hostCa).issueServer(
            proxyKey.getPublic(), "proxy", "localhost", List.of("localhost"), List.of("127.0.0.1"), Duration.ofHours(1),
            SERIALS.incrementAndGet());
    public final List<ServiceRequest> requests = new CopyOnWriteArrayList<>();
    public final List<String> refusals = new CopyOnWriteArrayList<>();
    private final Map<String, DbDirectory.Db> dbs;
    private final SshServer proxySsh;
    private final SshClient agentSsh;
    private final ClientSession agentSession;
    private final TlsRouter router;
    private final List<ServerSocket> forwarders = new ArrayList<>();

    /** {@code agent}: the fake agent's answer to each service request. */
    public DbTestRig(ServiceChannels.Server agent) throws Exception {
        dir = Files.createTempDirectory("db-front-test");
        dbs = Map.of("orders-db", new DbDirectory.Db("orders-db", Map.of("env", "dev"), "postgres", "127.0.0.1:5432",
                "host-1", Instant.MAX), "shop-db", new DbDirectory.Db("shop-db", Map.of("env", "dev"), "mysql",
                "127.0.0.1:3306", "host-1", Instant.MAX));
        proxySsh = SshServer.setUpDefaultServer();
        proxySsh.setHost("127.0.0.1");
        proxySsh.setPort(0);
        proxySsh.setKeyPairProvider(KeyPairProvider.wrap(Keys.generateEcdsaP256()));
        proxySsh.setPasswordAuthenticator((user, password, session) -> "agent".equals(user));
        proxySsh.start();
        agentSsh = SshClient.setUpDefaultClient();
        agentSsh.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE);
        List<ChannelFactory> factories = new ArrayList<>(agentSsh.getChannelFactories());
        factories.add(ServiceChannels.factory(request -> {
            requests.add(request);
            return agent.open(request);
        }));
        agentSsh.setChannelFactories(factories);
        agentSsh.start();
        agentSession = agentSsh.connect("agent", "127.0.0.1", proxySsh.getPort()).verify(10, TimeUnit.SECONDS)
                .getSession();
        agentSession.addPasswordIdentity("x");
        agentSession.auth().verify(10, TimeUnit.SECONDS);

        SSLContext clientTls = UserTls.of(proxyKeyStore(), new UserCaTrust(() -> List.of(userCa)));
        var role = Resources.parseYaml(ROLE, "test").get(0).as(RoleSpec.class);
        DbGate gate = new DbGate(new Databases(), user -> AccessChecker.of(List.of(role), Traits.of(user.traits())),
                (user, db, dbUser, dbName, protocol, reason, remote) -> refusals.add(reason), clientTls,
                Clock.systemUTC());
        router = new TlsRouter(new RoutingTable<>(Map.of(
                TlsRouting.POSTGRES, new Route.Stream(new PostgresFront(gate, new CancelKeys()), Optional.of(clientTls)),
                TlsRouting.MYSQL, new Route.Stream(new MysqlFront(gate), Optional.of(clientTls)))),
                new InetSocketAddress("127.0.0.1", 1), serverTls(), (reason, remote) -> refusals.add(reason),
                "127.0.0.1", 0, 10);
        router.start();
    }

    private final class Databases implements DbGate.Databases {
        @Override
        public Optional<DbDirectory.Db> find(String name) {
            return Optional.ofNullable(dbs.get(name));
        }

        @Override
        public boolean online(DbDirectory.Db db) {
            return true;
        }

        @Override
        public Optional<Session> tunnel(DbDirectory.Db db) {
            return proxySsh.getActiveSessions().stream().findFirst().map(Session.class::cast);
        }
    }

    /** Whether a refusal containing {@code text} is audited within a few seconds (the proxy's side may finish after the client's). */
    public boolean refusedWith(String text) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < end) {
            if (refusals.stream().anyMatch(r -> r.contains(text))) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }

    public int routerPort() {
        return router.port();
    }

    private KeyStore proxyKeyStore() throws Exception {
        return KeyStores.holding("proxy", proxyKey.getPrivate(), List.of(proxyCert, hostCa));
    }

    private SSLContext serverTls() throws Exception {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(proxyKeyStore(), new char[0]);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
    }

    /** A user's certificate and key, written as NAME.crt / NAME.key (0600) for the clients. */
    public record Issued(Path cert, Path key, KeyPair pair, X509Certificate x509) {
    }

    public Issued userCertificate(String name, DbRoute route) throws IOException {
        return issue(name, new X509CertificateSigner(userCaKey, userCa), route, Instant.now().plus(Duration.ofHours(1)));
    }

    /** A certificate from a CA this cluster does not know. */
    public Issued foreignCertificate(String name, DbRoute route) throws IOException {
        KeyPair otherKey = Keys.generateEcdsaP256();
        X509Certificate other = X509CertificateSigner.selfSignedCa(otherKey, "elsewhere", CaType.USER,
                Duration.ofHours(1));
        return issue(name, new X509CertificateSigner(otherKey, other), route, Instant.now().plus(Duration.ofHours(1)));
    }

    private Issued issue(String name, X509CertificateSigner signer, DbRoute route, Instant expires)
            throws IOException {
        KeyPair pair = Keys.generateEcdsaP256();
        UserIdentity id = new UserIdentity("alice", List.of("db-dev"), Map.of(), List.of(),
                Instant.now().minus(Duration.ofMinutes(1)), expires, route.toRouting(), false, false, Optional.empty());
        X509Certificate cert = signer.issueUser(pair.getPublic(), id, SERIALS.incrementAndGet());
        Path crt = dir.resolve(name + ".crt");
        Path key = dir.resolve(name + ".key");
        Files.writeString(crt, Keys.certificateToPem(cert));
        Files.writeString(key, Keys.privateKeyToPem(pair.getPrivate()));
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        return new Issued(crt, key, pair, cert);
    }

    /** The CA file a client verifies the proxy with. */
    public Path rootCa() throws IOException {
        Path p = dir.resolve("root.crt");
        Files.writeString(p, Keys.certificateToPem(hostCa));
        return p;
    }

    /**
     * What gate's local proxy does: a plaintext listener whose connections go to the router by TLS
     * with ALPN {@code protocol}, presenting {@code user}'s certificate (tunnel mode) or none.
     */
    public int forwarder(String protocol, Optional<Issued> user) throws Exception {
        KeyStore ts = KeyStore.getInstance("PKCS12");
        ts.load(null, null);
        ts.setCertificateEntry("ca", hostCa);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ts);
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        KeyStore ks = user.isPresent() ? KeyStores.holding("user", user.get().pair().getPrivate(),
                List.of(user.get().x509())) : KeyStore.getInstance("PKCS12");
        if (user.isEmpty()) {
            ks.load(null, null);
        }
        kmf.init(ks, new char[0]);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        ServerSocket listener = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        forwarders.add(listener);
        Thread.ofVirtual().start(() -> {
            try {
                while (true) {
                    Socket local = listener.accept();
                    Thread.ofVirtual().start(() -> forward(local, tls, protocol));
                }
            } catch (IOException closed) {
                // test over
            }
        });
        return listener.getLocalPort();
    }

    private void forward(Socket local, SSLContext tls, String protocol) {
        try (local; SSLSocket up = TlsRouting.dial(tls, "127.0.0.1", router.port(), protocol, Duration.ofSeconds(5))) {
            Thread back = Thread.ofVirtual().start(() -> copy(up, local));
            copy(local, up);
            back.join();
        } catch (IOException | InterruptedException e) {
            // the client or the proxy went away
        }
    }

    private static void copy(Socket from, Socket to) {
        byte[] buf = new byte[16 * 1024];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            for (int n; (n = in.read(buf)) >= 0; ) {
                out.write(buf, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // ending
        } finally {
            try {
                from.close();
                to.close();
            } catch (IOException ignored) {
                // ending
            }
        }
    }

    /** A real client's run: exit code and everything it printed. */
    public record Run(int exit, String stdout, String stderr) {
    }

    public Run run(Duration timeout, String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("HOME", dir.toString()); // no ~/.postgresql or ~/.my.cnf of the machine's
        pb.environment().put("PGCONNECT_TIMEOUT", "5");
        Process p = pb.start();
        p.getOutputStream().close();
        byte[][] streams = new byte[2][];
        Thread o = Thread.ofVirtual().start(() -> streams[0] = readAll(p.getInputStream()));
        Thread e = Thread.ofVirtual().start(() -> streams[1] = readAll(p.getErrorStream()));
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(command[0] + " did not finish within " + timeout);
        }
        o.join();
        e.join();
        return new Run(p.exitValue(), new String(streams[0], StandardCharsets.UTF_8).strip(),
                new String(streams[1], StandardCharsets.UTF_8).strip());
    }

    private static byte[] readAll(InputStream in) {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            return new byte[0];
        }
    }

    @Override
    public void close() throws Exception {
        for (ServerSocket f : forwarders) {
            f.close();
        }
        router.close();
        agentSsh.stop();
        proxySsh.stop(true);
    }
}
