package io.gatehouse.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.auth.testing.AuthClient;
import io.gatehouse.auth.testing.DbAgents;
import io.gatehouse.auth.testing.PostgresTestResource;
import io.gatehouse.auth.testing.TestCluster;
import io.gatehouse.shared.api.CaExport;
import io.gatehouse.shared.api.DbClientCertResponse;
import io.gatehouse.shared.api.SignDbClientRequest;
import io.gatehouse.shared.cert.Keys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * POST /v1/certs/db-client replayed by a rogue agent: a client certificate for another agent's
 * database, for a database nobody announced, without the db system role, or with a database user
 * that would rewrite the certificate's subject. What is issued is CN=&lt;user&gt; from the database
 * client CA, for client authentication, for ten minutes, and openssl verifies it against the CA
 * that gatectl auth export --type=db-client prints.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
class AgentDatabaseClientCertificatesTest {
    private static final KeyPair KEY = Keys.generateEcdsaP256();
    private static AuthClient agentA;
    private static AuthClient agentB;

    @BeforeAll
    static void agents() throws Exception {
        agentA = DbAgents.join("dbc-agent-a").client();
        agentB = DbAgents.join("dbc-agent-b").client();
        DbAgents.announce(agentA, "dbc-orders", "postgres", Map.of());
        DbAgents.announce(agentB, "dbc-billing", "mysql", Map.of());
    }

    private static SignDbClientRequest request(String db, String user) {
        return new SignDbClientRequest(db, user, Keys.toOpenSshPublicKey(KEY.getPublic()));
    }

    @Test
    void theServingAgentGetsATenMinuteClientCertificateNamedForTheDatabaseUser() throws Exception {
        var reply = agentA.postJson("/v1/certs/db-client", request("dbc-orders", "app"));
        assertEquals(200, reply.status(), reply.body().toString());
        DbClientCertResponse certs = agentA.read(reply, DbClientCertResponse.class);
        X509Certificate cert = Keys.parseCertificatePem(certs.tlsCertificate());
        assertEquals("CN=app", cert.getSubjectX500Principal().getName(), "what REQUIRE SUBJECT '/CN=app' matches");
        assertEquals(KEY.getPublic(), cert.getPublicKey());
        assertEquals(List.of("1.3.6.1.5.5.7.3.2"), cert.getExtendedKeyUsage(), "client authentication only");
        X509Certificate clientCa = caOf("db-client");
        cert.verify(clientCa.getPublicKey());
        long minutes = Duration.between(Instant.now(), cert.getNotAfter().toInstant()).toMinutes();
        assertTrue(minutes >= 9 && minutes <= 10, "ten minutes: " + cert.getNotAfter());
        assertEquals(List.of(caOf("db")), certs.databaseCaCertificates().stream().map(Keys::parseCertificatePem)
                .toList(), "the agent verifies the database's server certificate against the database CA");

        Path dir = Files.createTempDirectory("dbc");
        Files.writeString(dir.resolve("ca.pem"), Keys.certificateToPem(clientCa));
        Files.writeString(dir.resolve("cert.pem"), certs.tlsCertificate());
        Process openssl = new ProcessBuilder("openssl", "verify", "-purpose", "sslclient", "-CAfile",
                dir.resolve("ca.pem").toString(), dir.resolve("cert.pem").toString()).redirectErrorStream(true).start();
        String out = new String(openssl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, openssl.waitFor(), out);
        assertTrue(out.contains(": OK"), out);

        var events = TestCluster.admin().get("/v1/audit/events?type=cert.create&user=dbc-agent-a&limit=50").body();
        assertTrue(events.toString().contains("db client"), events.toString());
    }

    @Test
    void anotherAgentsDatabaseOrAnUnknownOneIsRefusedAndAudited() throws Exception {
        var theirs = agentA.postJson("/v1/certs/db-client", request("dbc-billing", "root"));
        assertEquals(403, theirs.status(), theirs.body().toString());
        assertTrue(theirs.errorMessage().contains("served by another agent"), theirs.errorMessage());
        var unknown = agentA.postJson("/v1/certs/db-client", request("dbc-nosuch", "postgres"));
        assertEquals(403, unknown.status(), unknown.body().toString());
        var events = TestCluster.admin().get("/v1/audit/events?type=cert.create&user=dbc-agent-a&limit=50").body()
                .toString();
        assertTrue(events.contains("dbc-billing") && events.contains("dbc-nosuch"), events);
    }

    @Test
    void onlyAgentsWithTheDbRoleAsk() throws Exception {
        var nodeOnly = TestCluster.joinNode("dbc-node-only");
        // It may still announce a database (heartbeats are the node role's), but gets no certificate for it.
        DbAgents.announce(nodeOnly, "dbc-node-db", "postgres", Map.of());
        var reply = nodeOnly.postJson("/v1/certs/db-client", request("dbc-node-db", "app"));
        assertEquals(403, reply.status(), reply.body().toString());
        assertTrue(reply.errorMessage().contains("db"), reply.errorMessage());
        assertEquals(403, TestCluster.proxy().postJson("/v1/certs/db-client", request("dbc-orders", "app")).status());
        var user = TestCluster.loginAs(TestCluster.signUp("dbc-user", List.of("access"), List.of("dbc-user")));
        assertEquals(403, user.postJson("/v1/certs/db-client", request("dbc-orders", "app")).status());
    }

    @Test
    void aDatabaseUserThatWouldChangeTheSubjectIsRefused() throws Exception {
        for (String bad : List.of("", "app,CN=postgres", "app/CN=postgres", "app+CN=x", "a=b", "app\n",
                "x".repeat(64), "\"app\"", " app")) {
            var reply = agentA.postJson("/v1/certs/db-client", request("dbc-orders", bad));
            assertEquals(400, reply.status(), "'" + bad + "': " + reply.body());
        }
        assertEquals(200, agentA.postJson("/v1/certs/db-client", request("dbc-orders", "svc.reader@x")).status());
    }

    private static X509Certificate caOf(String type) throws Exception {
        var admin = TestCluster.admin();
        CaExport export = admin.read(admin.get("/v1/cas/" + type), CaExport.class);
        return Keys.parseCertificatePem(export.tlsCertificates().get(0));
    }
}
