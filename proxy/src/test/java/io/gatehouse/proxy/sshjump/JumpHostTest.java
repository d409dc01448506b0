package io.gatehouse.proxy.sshjump;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import io.gatehouse.agent.ssh.LocalLogins;
import io.gatehouse.agent.ssh.NodeIdentity;
import io.gatehouse.agent.ssh.SessionAudit;
import io.gatehouse.agent.ssh.SshService;
import io.gatehouse.proxy.nodes.NodeDirectory;
import io.gatehouse.shared.cert.HostIdentity;
import io.gatehouse.shared.cert.Keys;
import io.gatehouse.shared.cert.SshCertificateSigner;
import io.gatehouse.shared.cert.UserIdentity;
import io.gatehouse.shared.rbac.AccessChecker;
import io.gatehouse.shared.rbac.CertificateRoles;
import io.gatehouse.shared.resource.Resource;
import io.gatehouse.shared.resource.Resources;
import io.gatehouse.shared.resource.RoleSpec;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `ssh -J` through the jump host to a node's SSH service, with the real OpenSSH client. */
class JumpHostTest {
    private static final String ME = System.getProperty("user.name");
    private static final KeyPair USER_CA = Keys.generateEcdsaP256();
    private static final KeyPair HOST_CA = Keys.generateEcdsaP256();
    private static SshService node;
    private static JumpHost jump;
    /** What the jump host reported as refused: user, target, reason. */
    private static final java.util.Queue<List<String>> REFUSED = new java.util.concurrent.ConcurrentLinkedQueue<>();
    @TempDir
    static Path dir;

    private static final String ROLE = """
            kind: role
            version: v1
            metadata: {name: dev}
            spec:
              allow:
                logins: ["{{internal.logins}}"]
                node_labels: {env: dev}
            """;

    @BeforeAll
    static void start() throws Exception {
        var role = Resources.parseYaml(ROLE, "dev").get(0).as(RoleSpec.class);
        // Roles by name as auth stores them; a name auth does not have is a role deleted since.
        Map<String, Resource<RoleSpec>> stored = Map.of("dev", role);
        java.util.function.Function<UserIdentity, AccessChecker> roles =
                new CertificateRoles(name -> Optional.ofNullable(stored.get(name)))::checkerFor;
        KeyPair nodeKey = Keys.generateEcdsaP256();
        node = new SshService(new NodeIdentity("web-1", Map.of("env", "dev"), nodeKey, hostCert(nodeKey, "uuid-web-1",
                "web-1"), List.of(USER_CA.getPublic())), roles::apply, new LocalLogins(), Clock.systemUTC(),
                "127.0.0.1", 0, new SessionAudit("web-1", e -> { }, Clock.systemUTC(), roles::apply,
                        Optional.empty()));
        node.start();
        var route = new NodeDirectory.NodeRoute("web-1", "uuid-web-1", Map.of("env", "dev"),
                java.util.Optional.of(new InetSocketAddress("127.0.0.1", node.port())));
        var prodRoute = new NodeDirectory.NodeRoute("db-1", "uuid-db-1", Map.of("env", "prod"),
                java.util.Optional.of(new InetSocketAddress("127.0.0.1", node.port())));
        NodeDirectory directory = name -> switch (name) {
            case "web-1", "uuid-web-1" -> Optional.of(route);
            case "db-1" -> Optional.of(prodRoute);
            default -> Optional.empty();
        };
        KeyPair proxyKey = Keys.generateEcdsaP256();
        jump = new JumpHost(proxyKey, hostCert(proxyKey, "uuid-proxy", "proxy"), List.of(USER_CA.getPublic()),
                directory, roles, Clock.systemUTC(), "127.0.0.1", 0,
                (user, target, reason, remote) -> REFUSED.add(java.util.Arrays.asList(user, target, reason)));
        jump.start();
        // One line trusts every host certificate of the cluster: the proxy's and the nodes'.
        Files.writeString(dir.resolve("known_hosts"), "@cert-authority * " + Keys.toOpenSshPublicKey(
                HOST_CA.getPublic()) + "\n");
    }

    private static String hostCert(KeyPair key, String hostId, String name) {
        Instant now = Instant.now();
        return new SshCertificateSigner(HOST_CA).signHost(key.getPublic(), new HostIdentity(hostId, name, "test",
                List.of("node"), List.of("127.0.0.1", "localhost"), now.minusSeconds(60), now.plusSeconds(3600)), 1);
    }

    @AfterAll
    static void stop() throws Exception {
        jump.close();
        node.close();
    }

    /** What `gatectl auth sign` writes: PREFIX (key) and PREFIX-cert.pub. */
    private static Path signed(String user, List<String> logins) throws Exception {
        return signed(user, logins, List.of("dev"));
    }

    private static Path signed(String user, List<String> logins, List<String> roles) throws Exception {
        KeyPair key = Keys.generateEcdsaP256();
        Path file = dir.resolve(user);
        Files.writeString(file, Keys.privateKeyToPem(key.getPrivate()));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        UserIdentity id = new UserIdentity(user, roles, Map.of("logins", logins), logins,
                Instant.now().minusSeconds(60), Instant.now().plusSeconds(3600), Map.of(), true, true,
                Optional.empty());
        Files.writeString(dir.resolve(user + "-cert.pub"), new SshCertificateSigner(USER_CA).signUser(key.getPublic(),
                id, 1) + "\n");
        return file;
    }

    /**
     * Plain OpenSSH with -J through the proxy. OpenSSH passes only -l/-p/-v and -F to the ssh it
     * starts for the jump hop, never -o or -i, so both hops get their key, certificate and
     * known_hosts from a config file (what `gate config` writes).
     */
    private static String[] jumpSsh(Path key, String login, String node, String command) throws Exception {
        Path config = dir.resolve(key.getFileName() + ".config");
        Files.writeString(config, "Host *\n  IdentityFile " + key + "\n  CertificateFile " + key + "-cert.pub\n"
                + "  IdentitiesOnly yes\n  UserKnownHostsFile " + dir.resolve("known_hosts") + "\n"
                + "  StrictHostKeyChecking yes\n  BatchMode yes\n");
        List<String> argv = new ArrayList<>(List.of("ssh", "-F", config.toString(), "-J", login + "@127.0.0.1:"
                + jump.port(), login + "@" + node, command));
        Process p = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new java.io.File(
                "/dev/null"))).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return new String[] {Integer.toString(p.exitValue()), out, err};
    }

    @Test
    void plainOpenSshReachesTheNodeByNameThroughTheJumpHost() throws Exception {
        Path key = signed("alice", List.of(ME));
        String[] r = jumpSsh(key, ME, "web-1", "echo via-proxy; exit 3");
        assertEquals("3", r[0], r[2]);
        assertEquals("via-proxy\n", r[1]);
        assertEquals("0", jumpSsh(key, ME, "uuid-web-1", "true")[0], "a node is also reachable by host id");
    }

    @Test
    void anUnknownNodeOrArbitraryHostIsRefused() throws Exception {
        Path key = signed("bob", List.of(ME));
        assertNotEquals("0", jumpSsh(key, ME, "no-such-node", "true")[0]);
        assertNotEquals("0", jumpSsh(key, ME, "localhost", "true")[0], "the jump host is no general forwarder");
    }

    @Test
    void aNodeTheRolesDoNotCoverIsRefusedAtTheProxy() throws Exception {
        Path key = signed("carol", List.of(ME));
        String[] r = jumpSsh(key, ME, "db-1", "true");
        assertNotEquals("0", r[0]);
        assertTrue(r[2].contains("open failed") || r[2].contains("administratively prohibited")
                || r[2].contains("Connection closed"), r[2]);
        assertTrue(REFUSED.stream().anyMatch(e -> e.get(0).equals("carol") && "db-1".equals(e.get(1))
                && e.get(2).contains("no role of carol")), "the refusal is reported for the audit log: " + REFUSED);
    }

    @Test
    void aCertificateNamingADeletedRoleIsRefusedAtTheProxyThoughItsOtherRoleAllows() throws Exception {
        Path key = signed("erin", List.of(ME), List.of("dev", "contractor-limits"));
        String[] r = jumpSsh(key, ME, "web-1", "true");
        assertNotEquals("0", r[0], r[2]);
        assertTrue(REFUSED.stream().anyMatch(e -> e.get(0).equals("erin") && "web-1".equals(e.get(1))
                && e.get(2).contains("role 'contractor-limits' in the certificate of erin no longer exists")),
                "the refusal names the missing role: " + REFUSED);
    }

    @Test
    void theJumpHostOffersNoShell() throws Exception {
        Path key = signed("dave", List.of(ME));
        Process p = new ProcessBuilder("ssh", "-o", "CertificateFile=" + key + "-cert.pub", "-i", key.toString(),
                "-o", "UserKnownHostsFile=" + dir.resolve("known_hosts"), "-o", "BatchMode=yes", "-p",
                Integer.toString(jump.port()), ME + "@127.0.0.1", "id").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertNotEquals(0, p.exitValue(), out);
    }
}
