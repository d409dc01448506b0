package io.gatehouse.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.auth.testing.AuthClient;
import io.gatehouse.auth.testing.PostgresTestResource;
import io.gatehouse.auth.testing.TestCluster;
import io.gatehouse.shared.api.CertsResponse;
import io.gatehouse.shared.api.SignUserRequest;
import io.gatehouse.shared.cert.Keys;
import io.gatehouse.shared.cert.SshCertificateSigner;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
class CertificateIssuanceTest {

    private static SignUserRequest sign(String user, String ttl) {
        return new SignUserRequest(user, Keys.toOpenSshPublicKey(Keys.generateEcdsaP256().getPublic()), ttl);
    }

    @Test
    void anAdminSignedCertificateCarriesTheUsersLoginsAndTtl() throws Exception {
        AuthClient admin = TestCluster.admin();
        admin.postJson("/v1/users", new io.gatehouse.shared.api.CreateUserRequest("robot", List.of("access"),
                List.of("deploy"), java.util.Map.of()));
        var r = admin.postJson("/v1/certs/user", sign("robot", "2h"));
        assertEquals(200, r.status(), r.body().toString());
        CertsResponse certs = admin.read(r, CertsResponse.class);
        var ssh = SshCertificateSigner.parse(certs.sshCertificate());
        assertEquals("robot", ssh.getId());
        assertEquals(List.of("deploy"), List.copyOf(ssh.getPrincipals()));
        long ttl = Duration.between(Instant.now(), certs.expires()).toMinutes();
        assertTrue(ttl > 115 && ttl <= 120, "ttl minutes: " + ttl);
        var audit = admin.get("/v1/audit/events?type=cert.create&user=admin");
        assertTrue(audit.body().toString().contains("user/robot"), audit.body().toString());
    }

    @Test
    void aTtlAboveTheRolesMaximumIsRefused() throws Exception {
        AuthClient admin = TestCluster.admin();
        admin.postJson("/v1/users", new io.gatehouse.shared.api.CreateUserRequest("longlived", List.of("access"),
                List.of("x"), java.util.Map.of()));
        var r = admin.postJson("/v1/certs/user", sign("longlived", "100h"));
        assertEquals(400, r.status());
        assertTrue(r.errorMessage().contains("exceeds the maximum 12h"), r.errorMessage());
    }

    @Test
    void aUserWithoutRulesCannotSignCertificatesAndTheRefusalIsAudited() throws Exception {
        var henry = TestCluster.signUp("henry", List.of("access"), List.of("henry"));
        AuthClient asHenry = TestCluster.loginAs(henry);
        var r = asHenry.postJson("/v1/certs/user", sign("henry", "1h"));
        assertEquals(403, r.status());
        var denied = TestCluster.admin().get("/v1/audit/events?type=access.denied&user=henry");
        assertEquals(1, denied.body().path("events").size(), denied.body().toString());
        assertEquals(200, asHenry.get("/v1/status").status(), "but a user may read the cluster status");
    }

    @Test
    void aCertificateFromAnotherCaIsRefusedEvenIfItClaimsAdmin() throws Exception {
        var rogueCa = Keys.generateEcdsaP256();
        var rogueCaCert = io.gatehouse.shared.cert.X509CertificateSigner.selfSignedCa(rogueCa, "test-cluster",
                io.gatehouse.shared.cert.CaType.HOST, Duration.ofDays(1));
        var key = Keys.generateEcdsaP256();
        var forged = new io.gatehouse.shared.cert.X509CertificateSigner(rogueCa, rogueCaCert).issueHost(
                key.getPublic(), new io.gatehouse.shared.cert.HostIdentity("admin.test-cluster", "admin",
                        "test-cluster", List.of("admin"), List.of(), Instant.now().minusSeconds(60),
                        Instant.now().plusSeconds(3600)), 1);
        var real = io.gatehouse.shared.cert.IdentityFile.read(TestCluster.dataDir().resolve("admin.identity"));
        var identity = new io.gatehouse.shared.cert.IdentityFile(Keys.privateKeyToPem(key.getPrivate()),
                real.sshCertificate(), Keys.certificateToPem(forged), real.trustedTlsCaPems(), List.of());
        AuthClient rogue = new AuthClient(identity.sslContext("auth"), TestCluster.port());
        assertThrows(java.io.IOException.class, () -> rogue.get("/v1/status"));
    }

    @Test
    void anExpiredCertificateIsRefusedEvenOnAnOpenConnection() throws Exception {
        AuthClient admin = TestCluster.admin();
        admin.postJson("/v1/users", new io.gatehouse.shared.api.CreateUserRequest("brief", List.of("access"),
                List.of("brief"), java.util.Map.of()));
        var key = Keys.generateEcdsaP256();
        var reply = admin.postJson("/v1/certs/user", new SignUserRequest("brief",
                Keys.toOpenSshPublicKey(key.getPublic()), "2s"));
        assertEquals(200, reply.status(), reply.body().toString());
        CertsResponse certs = admin.read(reply, CertsResponse.class);
        var identity = new io.gatehouse.shared.cert.IdentityFile(Keys.privateKeyToPem(key.getPrivate()),
                certs.sshCertificate(), certs.tlsCertificate(), certs.tlsCaCertificates(), List.of());
        AuthClient brief = new AuthClient(identity.sslContext("auth"), TestCluster.port());
        assertEquals(200, brief.get("/v1/status").status());
        Thread.sleep(Duration.between(Instant.now(), certs.expires()).toMillis() + 1000);
        try {
            var after = brief.get("/v1/status");
            assertEquals(401, after.status(), "an expired certificate must not be served");
        } catch (java.io.IOException refusedAtHandshake) {
            // A new connection fails the TLS handshake: refused as well.
        }
    }

    @Test
    void aClientWithoutACertificateGetsNothing() throws Exception {
        SSLContext trustAll = SSLContext.getInstance("TLS");
        trustAll.init(null, new TrustManager[] {new X509TrustManager() {
            public void checkClientTrusted(java.security.cert.X509Certificate[] c, String a) {
            }

            public void checkServerTrusted(java.security.cert.X509Certificate[] c, String a) {
            }

            public java.security.cert.X509Certificate[] getAcceptedIssuers() {
                return new java.security.cert.X509Certificate[0];
            }
        }}, null);
        HttpClient anonymous = HttpClient.newBuilder().sslContext(trustAll).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("https://localhost:" + TestCluster.port()
                + "/v1/status")).build();
        assertThrows(java.io.IOException.class, () -> anonymous.send(request, HttpResponse.BodyHandlers.ofString()));
    }
}
