package io.gatehouse.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.auth.testing.AuthClient;
import io.gatehouse.auth.testing.PostgresTestResource;
import io.gatehouse.auth.testing.TestCluster;
import io.gatehouse.shared.api.CreateTokenRequest;
import io.gatehouse.shared.api.HostCertsResponse;
import io.gatehouse.shared.api.JoinRequest;
import io.gatehouse.shared.api.NodeHeartbeat;
import io.gatehouse.shared.api.SignHostRequest;
import io.gatehouse.shared.cert.IdentityCodec;
import io.gatehouse.shared.cert.IdentityFile;
import io.gatehouse.shared.cert.Keys;
import io.gatehouse.shared.cert.SshCertificateSigner;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The attacks a review found with a node join token, replayed against the real auth over mutual
 * TLS as the proxy forwards them: choosing the host id, asking for names like localhost or a live
 * node's, and heartbeating over another host's node entry or pointing the proxy at any address.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
class JoinersCannotChooseTheirIdentityTest {

    private static String token(List<String> names, String addr) throws Exception {
        var r = TestCluster.admin().postJson("/v1/tokens", new CreateTokenRequest(List.of("node"), "1h", null, names,
                addr));
        assertEquals(201, r.status(), r.body().toString());
        return r.body().path("token").asText();
    }

    private static AuthClient.Reply join(String token, String name, String hostId, List<String> extra,
            KeyPair key) throws Exception {
        return TestCluster.proxy().postJson("/v1/join", new JoinRequest(token, name, hostId, List.of("node"), extra,
                Keys.toOpenSshPublicKey(key.getPublic())));
    }

    private static HostCertsResponse certs(AuthClient.Reply r) throws Exception {
        assertEquals(200, r.status(), r.body().toString());
        return TestCluster.proxy().read(r, HostCertsResponse.class);
    }

    @Test
    void theClusterChoosesTheHostIdAndTheTlsNames() throws Exception {
        String token = token(List.of(), "");
        var refused = join(token, "web-a", "victim-host-id", List.of(), Keys.generateEcdsaP256());
        assertEquals(403, refused.status());
        assertTrue(refused.errorMessage().contains("may not choose its host id"), refused.errorMessage());

        HostCertsResponse certs = certs(join(token, "web-a", null, List.of(), Keys.generateEcdsaP256()));
        X509Certificate x509 = Keys.parseCertificatePem(certs.tlsCertificate());
        var host = IdentityCodec.hostFromX509(x509);
        assertTrue(host.hostId().matches("[0-9a-f-]{36}"), host.hostId());
        Set<String> sans = new HashSet<>();
        x509.getSubjectAlternativeNames().forEach(n -> sans.add(String.valueOf(n.get(1))));
        String cluster = host.clusterName();
        assertEquals(Set.of(host.hostId(), host.hostId() + "." + cluster, "web-a." + cluster), sans);
        var ssh = SshCertificateSigner.parse(certs.sshCertificate());
        assertEquals(Set.of(host.hostId(), "web-a", "web-a." + cluster), new HashSet<>(ssh.getPrincipals()));
    }

    @Test
    void aJoinerGetsNoNamesItsTokenDoesNotList() throws Exception {
        String open = token(List.of(), "");
        for (List<String> extra : List.of(List.of("localhost"), List.of("auth.internal"), List.of("evil.example"),
                List.of("127.0.0.1"))) {
            var r = join(open, "web-b", null, extra, Keys.generateEcdsaP256());
            assertEquals(403, r.status(), extra + " " + r.body());
        }
        for (String name : List.of("localhost", "127.0.0.1", "x.localhost", "a_b", "9f1c2d3e-0000-4000-8000-000000000001",
                "proxy", "auth", "web.test-cluster")) {
            var r = join(open, name, null, List.of(), Keys.generateEcdsaP256());
            assertEquals(403, r.status(), name + " " + r.body());
        }
        // A node may share the cluster's name (the quickstart names both after the host).
        var sameAsCluster = join(open, "test-cluster", null, List.of(), Keys.generateEcdsaP256());
        assertEquals(200, sameAsCluster.status(), sameAsCluster.body().toString());
        String web = token(List.of("web-*"), "");
        assertEquals(403, join(web, "db-1", null, List.of(), Keys.generateEcdsaP256()).status());
        var extraOk = certs(join(web, "web-c", null, List.of("web-c-alias"), Keys.generateEcdsaP256()));
        assertTrue(SshCertificateSigner.parse(extraOk.sshCertificate()).getPrincipals().contains("web-c-alias"));
    }

    @Test
    void aLiveNodesNameCannotBeTakenByASecondJoin() throws Exception {
        String token = token(List.of(), "");
        KeyPair key = Keys.generateEcdsaP256();
        AuthClient first = asNode(certs(join(token, "web-d", null, List.of(), key)), key);
        assertEquals(200, first.postJson("/v1/nodes/heartbeat", new NodeHeartbeat("", Map.of(), "90s")).status());
        var second = join(token, "web-d", null, List.of(), Keys.generateEcdsaP256());
        assertEquals(403, second.status());
        assertTrue(second.errorMessage().contains("held by another host"), second.errorMessage());
    }

    @Test
    void heartbeatsTouchOnlyTheCallersOwnNodeEntry() throws Exception {
        // Two certificates with one node name (an old one still valid after the name moved on).
        KeyPair a = Keys.generateEcdsaP256();
        KeyPair b = Keys.generateEcdsaP256();
        AuthClient owner = asNode(adminSigned("web-e", a), a);
        AuthClient other = asNode(adminSigned("web-e", b), b);
        assertEquals(200, owner.postJson("/v1/nodes/heartbeat", new NodeHeartbeat("", Map.of("env", "dev"), "90s"))
                .status());
        String ownerId = TestCluster.admin().get("/v1/resources/node/web-e").body().path("spec").path("host_id")
                .asText();
        var taken = other.postJson("/v1/nodes/heartbeat", new NodeHeartbeat("", Map.of("env", "prod"), "90s"));
        assertEquals(409, taken.status(), taken.body().toString());
        var stored = TestCluster.admin().get("/v1/resources/node/web-e").body();
        assertEquals(ownerId, stored.path("spec").path("host_id").asText());
        assertEquals("dev", stored.path("metadata").path("labels").path("env").asText());
    }

    @Test
    void aNodeCannotPointTheProxyAtAnAddressOfItsChoosing() throws Exception {
        KeyPair key = Keys.generateEcdsaP256();
        AuthClient unpinned = asNode(certs(join(token(List.of(), ""), "web-f", null, List.of(), key)), key);
        for (String addr : List.of("127.0.0.1:8080", "169.254.169.254:80", "10.1.2.3:22")) {
            var r = unpinned.postJson("/v1/nodes/heartbeat", new NodeHeartbeat(addr, Map.of(), "90s"));
            assertEquals(400, r.status(), addr + " " + r.body());
        }
        KeyPair pinnedKey = Keys.generateEcdsaP256();
        AuthClient pinned = asNode(certs(join(token(List.of(), "10.1.2.3:3022"), "web-g", null, List.of(),
                pinnedKey)), pinnedKey);
        assertEquals(400, pinned.postJson("/v1/nodes/heartbeat", new NodeHeartbeat("10.1.2.3:2222", Map.of(),
                "90s")).status());
        assertEquals(200, pinned.postJson("/v1/nodes/heartbeat", new NodeHeartbeat("10.1.2.3:3022", Map.of(),
                "90s")).status());
        assertEquals("10.1.2.3:3022", TestCluster.admin().get("/v1/resources/node/web-g").body().path("spec")
                .path("addr").asText());
        assertNotEquals(0, TestCluster.admin().get("/v1/audit/events?type=node.create&user=web-f").body()
                .path("events").size(), "the refusals are audited");
    }

    private static HostCertsResponse adminSigned(String name, KeyPair key) throws Exception {
        var r = TestCluster.admin().postJson("/v1/certs/host", new SignHostRequest(null, name, List.of("node"),
                List.of(), Keys.toOpenSshPublicKey(key.getPublic()), "1h"));
        assertEquals(200, r.status(), r.body().toString());
        return TestCluster.admin().read(r, HostCertsResponse.class);
    }

    private static AuthClient asNode(HostCertsResponse certs, KeyPair key) throws Exception {
        return new AuthClient(new IdentityFile(Keys.privateKeyToPem(key.getPrivate()), certs.sshCertificate(),
                certs.tlsCertificate(), certs.tlsCaCertificates(), List.of()).sslContext("auth"), TestCluster.port());
    }
}
