package io.gatehouse.agent.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.gatehouse.shared.api.NodeEvent;
import io.gatehouse.shared.api.client.AuthRoleFetch;
import io.gatehouse.shared.api.client.MtlsJsonClient;
import io.gatehouse.shared.cert.CaType;
import io.gatehouse.shared.cert.HostIdentity;
import io.gatehouse.shared.cert.Keys;
import io.gatehouse.shared.cert.PeerRoleTrust;
import io.gatehouse.shared.cert.SshCertificateSigner;
import io.gatehouse.shared.cert.UserIdentity;
import io.gatehouse.shared.cert.X509CertificateSigner;
import io.gatehouse.shared.rbac.CertificateRoles;
import io.gatehouse.shared.resource.Resources;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node whose roles come the way the agent gets them — each role a certificate names, fetched
 * by name over HTTPS from auth's resource API — refuses the login when one of them cannot be
 * fetched, even though another role would allow it: a deleted role, a role auth fails to
 * deliver, or auth out of reach. Auth here is a real HTTPS server answering as auth does (the
 * role's JSON, or auth's 404/500 error envelope); the client is the real OpenSSH ssh.
 */
class RolesThatCannotBeFetchedTest {
    private static final KeyPair USER_CA = Keys.generateEcdsaP256();
    private static final KeyPair HOST_CA = Keys.generateEcdsaP256();
    private static final String ME = System.getProperty("user.name");
    private static final List<NodeEvent> EVENTS = new CopyOnWriteArrayList<>();
    private static final AtomicReference<MtlsJsonClient> AUTH = new AtomicReference<>();
    private static HttpsServer auth;
    private static SSLContext trustingAuth;
    private static SshService service;
    @TempDir
    static Path dir;

    private static final String OPS = """
            kind: role
            version: v1
            metadata: {name: ops}
            spec:
              allow:
                logins: [%s]
                node_labels: {env: dev}
            """;

    @BeforeAll
    static void start() throws Exception {
        String opsJson = Resources.toJson(Resources.parseYaml(OPS.formatted(ME), "ops").get(0));
        startAuth(opsJson);
        KeyPair hostKey = Keys.generateEcdsaP256();
        Instant now = Instant.now();
        String hostCert = new SshCertificateSigner(HOST_CA).signHost(hostKey.getPublic(), new HostIdentity("uuid-2",
                "node-2", "test", List.of("node"), List.of("127.0.0.1"), now.minusSeconds(60), now.plusSeconds(3600)),
                1);
        RoleSource roles = new CertificateRoles(new AuthRoleFetch(AUTH::get))::checkerFor;
        service = new SshService(new NodeIdentity("node-2", Map.of("env", "dev"), hostKey, hostCert,
                List.of(USER_CA.getPublic())), roles, new LocalLogins(), Clock.systemUTC(), "127.0.0.1", 0,
                new SessionAudit("node-2", EVENTS::add, Clock.systemUTC(), roles, Optional.empty()));
        service.start();
        Files.writeString(dir.resolve("known_hosts"), "@cert-authority [127.0.0.1]:" + service.port() + " "
                + Keys.toOpenSshPublicKey(HOST_CA.getPublic()) + "\n");
    }

    /** Auth's role endpoint: ops exists, flaky fails inside auth (500), anything else is not found (404). */
    private static void startAuth(String opsJson) throws Exception {
        KeyPair caKey = Keys.generateEcdsaP256();
        X509Certificate ca = X509CertificateSigner.selfSignedCa(caKey, "test", CaType.HOST, Duration.ofHours(1));
        KeyPair serverKey = Keys.generateEcdsaP256();
        X509Certificate server = new X509CertificateSigner(caKey, ca).issueServer(serverKey.getPublic(), "auth",
                "auth", List.of("localhost"), List.of("127.0.0.1"), Duration.ofHours(1), 2);
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("auth", serverKey.getPrivate(), new char[0], new Certificate[] {server, ca});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, new char[0]);
        SSLContext serverTls = SSLContext.getInstance("TLS");
        serverTls.init(kmf.getKeyManagers(), null, null);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", ca);
        trustingAuth = SSLContext.getInstance("TLS");
        trustingAuth.init(null, PeerRoleTrust.requiring("auth", trust), null);
        auth = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        auth.setHttpsConfigurator(new HttpsConfigurator(serverTls));
        auth.createContext("/v1/resources/role/", exchange -> {
            String name = exchange.getRequestURI().getPath().substring("/v1/resources/role/".length());
            switch (name) {
                case "ops" -> answer(exchange, 200, opsJson);
                case "flaky" -> answer(exchange, 500, "{\"error\":{\"code\":\"internal\",\"message\":\"the "
                        + "database did not answer\"}}");
                default -> answer(exchange, 404, "{\"error\":{\"code\":\"not_found\",\"message\":\"role '" + name
                        + "' not found\"}}");
            }
        });
        auth.start();
        AUTH.set(new MtlsJsonClient(trustingAuth, "127.0.0.1:" + auth.getAddress().getPort()));
    }

    private static void answer(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (var out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        service.close();
        auth.stop(0);
    }

    @Test
    void aCertificateWhoseRolesAuthDeliversLogsIn() throws Exception {
        assertEquals(0, ssh(certified("dora", List.of("ops"))).exit());
    }

    @Test
    void aCertificateNamingADeletedRoleIsRefusedThoughAnotherRoleAllows() throws Exception {
        assertEquals(255, ssh(certified("erin", List.of("ops", "contractor-limits"))).exit());
        assertTrue(refused("erin", "role 'contractor-limits' in the certificate of erin no longer exists"),
                EVENTS.toString());
    }

    @Test
    void aCertificateNamingARoleAuthFailsToDeliverIsRefusedThoughAnotherRoleAllows() throws Exception {
        assertEquals(255, ssh(certified("fred", List.of("ops", "flaky"))).exit());
        assertTrue(refused("fred", "role 'flaky' of fred could not be fetched from auth (HTTP 500: the database "
                + "did not answer)"), EVENTS.toString());
    }

    @Test
    void everyLoginIsRefusedWhileAuthIsOutOfReach() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        MtlsJsonClient reachable = AUTH.getAndSet(new MtlsJsonClient(trustingAuth, "127.0.0.1:" + closed));
        try {
            assertEquals(255, ssh(certified("gina", List.of("ops"))).exit());
            assertTrue(refused("gina", "role 'ops' of gina could not be fetched from auth (cannot reach"),
                    EVENTS.toString());
        } finally {
            AUTH.set(reachable);
        }
    }

    private static boolean refused(String user, String reason) {
        return EVENTS.stream().anyMatch(e -> e.type().equals("ssh.login_refused") && !e.success()
                && e.user().equals(user) && String.valueOf(e.fields().get("reason")).contains(reason));
    }

    private static Path certified(String user, List<String> roles) throws Exception {
        KeyPair key = Keys.generateEcdsaP256();
        Path file = dir.resolve(user);
        Files.writeString(file, Keys.privateKeyToPem(key.getPrivate()));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        UserIdentity id = new UserIdentity(user, roles, Map.of(), List.of(ME), Instant.now().minusSeconds(60),
                Instant.now().plusSeconds(3600), Map.of(), true, true, Optional.empty());
        Files.writeString(dir.resolve(user + "-cert.pub"), new SshCertificateSigner(USER_CA).signUser(key.getPublic(),
                id, 1) + "\n");
        return file;
    }

    private record Result(int exit, String err) {
    }

    private static Result ssh(Path key) throws Exception {
        Process p = new ProcessBuilder("ssh", "-F", "/dev/null", "-i", key.toString(), "-o", "CertificateFile=" + key
                + "-cert.pub", "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes", "-o", "UserKnownHostsFile="
                + dir.resolve("known_hosts"), "-o", "StrictHostKeyChecking=yes", "-p", Integer.toString(service
                .port()), ME + "@127.0.0.1", "true").redirectInput(ProcessBuilder.Redirect.from(new java.io.File(
                "/dev/null"))).start();
        p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("ssh timed out");
        }
        return new Result(p.exitValue(), err);
    }
}
