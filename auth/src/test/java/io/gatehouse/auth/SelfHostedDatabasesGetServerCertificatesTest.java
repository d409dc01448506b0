package io.gatehouse.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.auth.testing.AuthClient;
import io.gatehouse.auth.testing.PostgresTestResource;
import io.gatehouse.auth.testing.TestCluster;
import io.gatehouse.shared.api.CaExport;
import io.gatehouse.shared.api.DbServerCertsResponse;
import io.gatehouse.shared.api.SignDbServerRequest;
import io.gatehouse.shared.cert.Keys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.security.KeyPair;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * `gatectl auth sign --format=db`: a self-hosted database gets a server certificate from the
 * database CA, and learns which CA to trust for the agents' client certificates. Minting one is a
 * privileged act (a wildcard editor cannot), and only DNS names and IP addresses go into it.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
class SelfHostedDatabasesGetServerCertificatesTest {
    private static final KeyPair KEY = Keys.generateEcdsaP256();

    private static SignDbServerRequest request(List<String> names, String ttl) {
        return new SignDbServerRequest(names, Keys.toOpenSshPublicKey(KEY.getPublic()), ttl);
    }

    @Test
    void aWildcardEditorCannotMintADatabaseCertificate() throws Exception {
        AuthClient editor = TestCluster.loginAs(TestCluster.signUp("dbeddie", List.of("editor"), List.of("dbeddie")));
        var refused = editor.postJson("/v1/certs/db-server", request(List.of("orders.db.internal"), null));
        assertEquals(403, refused.status(), refused.body().toString());
        assertTrue(refused.errorMessage().contains("db_cert"), refused.errorMessage());
    }

    @Test
    void theCertificateNamesTheDatabaseAndChainsToTheDatabaseCa() throws Exception {
        AuthClient admin = TestCluster.admin();
        var reply = admin.postJson("/v1/certs/db-server", request(List.of("Orders.DB.internal", "10.0.0.5"), "720h"));
        assertEquals(200, reply.status(), reply.body().toString());
        DbServerCertsResponse certs = admin.read(reply, DbServerCertsResponse.class);
        X509Certificate cert = Keys.parseCertificatePem(certs.tlsCertificate());
        assertEquals(KEY.getPublic(), cert.getPublicKey(), "issued for the key made where the database runs");
        assertTrue(cert.getSubjectX500Principal().getName().contains("CN=orders.db.internal"),
                cert.getSubjectX500Principal().getName());
        Set<String> sans = new java.util.HashSet<>();
        cert.getSubjectAlternativeNames().forEach(san -> sans.add(String.valueOf(san.get(1))));
        assertEquals(Set.of("orders.db.internal", "10.0.0.5"), sans);
        assertTrue(cert.getExtendedKeyUsage().contains("1.3.6.1.5.5.7.3.1"), "serverAuth");
        long days = Duration.between(Instant.now(), certs.expires()).toDays();
        assertTrue(days >= 29 && days <= 30, "720h asked for: " + certs.expires());

        X509Certificate dbCa = caOf(admin, "db");
        X509Certificate clientCa = caOf(admin, "db-client");
        assertEquals(dbCa, Keys.parseCertificatePem(certs.databaseCaCertificate()));
        assertEquals(clientCa, Keys.parseCertificatePem(certs.clientCaCertificate()),
                "the database must trust the CA agents log in with");
        assertNotEquals(dbCa, clientCa, "server and client certificates come from different CAs");
        // The chain as a client (psql verify-full, the agent) checks it, anchored at the database CA only.
        PKIXParameters pkix = new PKIXParameters(Set.of(new TrustAnchor(dbCa, null)));
        pkix.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX").validate(CertificateFactory.getInstance("X.509")
                .generateCertPath(List.of(cert)), pkix);
        PKIXParameters wrongAnchor = new PKIXParameters(Set.of(new TrustAnchor(caOf(admin, "host"), null)));
        wrongAnchor.setRevocationEnabled(false);
        var notHost = org.junit.jupiter.api.Assertions.assertThrows(java.security.cert.CertPathValidatorException.class,
                () -> CertPathValidator.getInstance("PKIX").validate(CertificateFactory.getInstance("X.509")
                        .generateCertPath(List.of(cert)), wrongAnchor));
        assertTrue(notHost.getMessage() != null);
    }

    @Test
    void onlyDnsNamesAndAddressesAndABoundedTtlAreAccepted() throws Exception {
        AuthClient admin = TestCluster.admin();
        for (List<String> bad : List.of(List.<String>of(), List.of("evil name"), List.of("a..b"), List.of("*.db"),
                List.of("db.internal\nCN=admin"), List.of("1.2.3"))) {
            var reply = admin.postJson("/v1/certs/db-server", request(bad, null));
            assertEquals(400, reply.status(), bad + ": " + reply.body());
        }
        var tooLong = admin.postJson("/v1/certs/db-server", request(List.of("db.internal"), "9000h"));
        assertEquals(400, tooLong.status(), tooLong.body().toString());
        var v6 = admin.postJson("/v1/certs/db-server", request(List.of("::1"), null));
        assertEquals(200, v6.status(), v6.body().toString());
    }

    private static X509Certificate caOf(AuthClient client, String type) throws Exception {
        CaExport export = client.read(client.get("/v1/cas/" + type), CaExport.class);
        return Keys.parseCertificatePem(export.tlsCertificates().get(0));
    }
}
