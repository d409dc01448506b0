package io.gatehouse.shared.cert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.shared.api.client.AuthCallException;
import io.gatehouse.shared.api.client.MtlsJsonClient;
import io.gatehouse.shared.api.client.TestApiServer;
import com.fasterxml.jackson.databind.JsonNode;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The attack: a node's certificate comes from the same host CA as auth's and a proxy's. Before
 * clients checked the peer's system role, a node whose certificate named the address an agent or
 * proxy dials (127.0.0.1) could answer as auth. A real HTTPS server presents such certificates here.
 */
class PeerRoleTrustTest {
    private static final KeyPair HOST_CA = Keys.generateEcdsaP256();
    private static final X509Certificate HOST_CA_CERT = X509CertificateSigner.selfSignedCa(HOST_CA, "test",
            CaType.HOST, Duration.ofDays(1));
    private static final KeyPair CLIENT_KEY = Keys.generateEcdsaP256();

    @Test
    void aNodeCertificateCannotAnswerAsAuthEvenWhereItsNamesMatch() throws Exception {
        // What a join used to hand out on request: a node certificate with 127.0.0.1 among its names.
        KeyPair nodeKey = Keys.generateEcdsaP256();
        HostIdentity rogue = new HostIdentity("node-1", "evil", "test", List.of("node"), List.of("127.0.0.1",
                "localhost"), Instant.now().minusSeconds(60), Instant.now().plusSeconds(3600));
        X509Certificate cert = new X509CertificateSigner(HOST_CA, HOST_CA_CERT).issueHost(nodeKey.getPublic(), rogue, 1);
        try (TestApiServer server = server(nodeKey, cert)) {
            var auth = new MtlsJsonClient(client().sslContext("auth"), server.hostPort());
            AuthCallException refused = assertThrows(AuthCallException.class, () -> auth.get("/", JsonNode.class));
            assertEquals(0, server.seen.size(), "the rogue server must not receive the request");
            assertTrue(refused.getMessage().contains("cannot reach"), refused.getMessage());
        }
    }

    @Test
    void authsOwnServerCertificatePasses() throws Exception {
        KeyPair authKey = Keys.generateEcdsaP256();
        X509Certificate cert = new X509CertificateSigner(HOST_CA, HOST_CA_CERT).issueServer(authKey.getPublic(),
                "auth", "auth.test", List.of("localhost"), List.of("127.0.0.1"), Duration.ofHours(1), 2);
        try (TestApiServer server = server(authKey, cert)) {
            var auth = new MtlsJsonClient(client().sslContext("auth"), server.hostPort());
            assertEquals("yes", auth.get("/", JsonNode.class).path("ok").asText());
            // ... but the same server is no proxy.
            var proxy = new MtlsJsonClient(client().sslContext("proxy"), server.hostPort());
            assertThrows(AuthCallException.class, () -> proxy.get("/", JsonNode.class));
        }
    }

    @Test
    void theReasonNamesTheRolesFound() {
        KeyPair nodeKey = Keys.generateEcdsaP256();
        X509Certificate cert = new X509CertificateSigner(HOST_CA, HOST_CA_CERT).issueHost(nodeKey.getPublic(),
                new HostIdentity("node-1", "web", "test", List.of("node"), List.of(), Instant.now(),
                        Instant.now().plusSeconds(60)), 3);
        String problem = PeerRoleTrust.problem(cert, "auth");
        assertTrue(problem.contains("[node]") && problem.contains("'auth'"), problem);
        assertFalse(PeerRoleTrust.problem(cert, "node") != null);
    }

    /** A real HTTPS server presenting {@code cert}, answering {"ok":"yes"}; it records what got through TLS. */
    private static TestApiServer server(KeyPair key, X509Certificate cert) throws Exception {
        TestApiServer server = new TestApiServer(key, cert, HOST_CA_CERT, false);
        server.reply("GET /", 200, "{\"ok\":\"yes\"}");
        return server;
    }

    private static IdentityFile client() {
        X509Certificate cert = new X509CertificateSigner(HOST_CA, HOST_CA_CERT).issueHost(CLIENT_KEY.getPublic(),
                new HostIdentity("proxy.test", "proxy", "test", List.of("proxy"), List.of(), Instant.now(),
                        Instant.now().plusSeconds(600)), 4);
        return new IdentityFile(Keys.privateKeyToPem(CLIENT_KEY.getPrivate()), "", Keys.certificateToPem(cert),
                List.of(Keys.certificateToPem(HOST_CA_CERT)), List.of());
    }
}
