package io.gatehouse.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.auth.api.CallerIdentityFilter;
import io.gatehouse.auth.testing.AuthClient;
import io.gatehouse.auth.testing.DbAgents;
import io.gatehouse.auth.testing.PostgresTestResource;
import io.gatehouse.auth.testing.TestCluster;
import io.gatehouse.shared.api.CaExport;
import io.gatehouse.shared.api.CertsResponse;
import io.gatehouse.shared.api.DbCertsResponse;
import io.gatehouse.shared.api.SignDbRequest;
import io.gatehouse.shared.api.SignUserRequest;
import io.gatehouse.shared.cert.IdentityCodec;
import io.gatehouse.shared.cert.IdentityFile;
import io.gatehouse.shared.cert.Keys;
import io.gatehouse.shared.cert.UserIdentity;
import io.gatehouse.shared.db.DbRoute;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * gate db login (POST /v1/certs/db) replayed by a user asking for more than their roles give: a
 * database user or name the role does not list, a database whose labels no role matches, a
 * certificate outliving the one they proved themselves with, or "any database name" when the role
 * names particular ones. Each refusal is a 403 and an audit event; what is issued carries the route.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
class DatabaseLoginCertificatesTest {
    private static final KeyPair KEY = Keys.generateEcdsaP256();
    private static AuthClient alice;

    @BeforeAll
    static void cluster() throws Exception {
        DbAgents.role("""
                kind: role
                version: v1
                metadata: {name: dbl-orders-app}
                spec:
                  allow:
                    db_labels: {env: prod}
                    db_users: [app]
                    db_names: [orders]
                """);
        DbAgents.role("""
                kind: role
                version: v1
                metadata: {name: dbl-reader-no-names}
                spec:
                  allow:
                    db_labels: {env: prod}
                    db_users: [reader]
                """);
        DbAgents.role("""
                kind: role
                version: v1
                metadata: {name: dbl-dev-any}
                spec:
                  allow:
                    db_labels: {env: dev}
                    db_users: [app]
                    db_names: ["*"]
                  deny:
                    db_names: [secrets]
                """);
        var agent = DbAgents.join("dbl-agent");
        DbAgents.announce(agent.client(), "dbl-orders", "postgres", Map.of("env", "prod"));
        DbAgents.announce(agent.client(), "dbl-dev", "mysql", Map.of("env", "dev"));
        DbAgents.announce(agent.client(), "dbl-staging", "postgres", Map.of("env", "staging"));
        alice = TestCluster.loginAs(TestCluster.signUp("dbl-alice", List.of("dbl-orders-app", "dbl-dev-any",
                "dbl-reader-no-names"), List.of("dbl-alice")));
    }

    private static SignDbRequest request(String db, String user, String name, String ttl) {
        return new SignDbRequest(db, user, name, Keys.toOpenSshPublicKey(KEY.getPublic()), ttl);
    }

    @Test
    void anAllowedRouteIsSignedByTheUserCaWithTheRouteAndNoSshLogins() throws Exception {
        var reply = alice.postJson("/v1/certs/db", request("dbl-orders", "app", "orders", null));
        assertEquals(200, reply.status(), reply.body().toString());
        DbCertsResponse certs = alice.read(reply, DbCertsResponse.class);
        assertEquals("postgres", certs.protocol(), "the protocol comes from the db resource");
        X509Certificate cert = Keys.parseCertificatePem(certs.tlsCertificate());
        cert.verify(caOf("user").getPublicKey());
        assertEquals(KEY.getPublic(), cert.getPublicKey());
        UserIdentity identity = IdentityCodec.userFromX509(cert);
        assertEquals("dbl-alice", identity.username());
        assertEquals(List.of("dbl-orders-app", "dbl-dev-any", "dbl-reader-no-names"), identity.roles());
        assertEquals(new DbRoute("dbl-orders", "postgres", "app", "orders"),
                DbRoute.of(identity.routing()).orElseThrow());
        assertTrue(identity.logins().isEmpty(), "a database certificate opens no SSH login: " + identity.logins());
        var events = TestCluster.admin().get("/v1/audit/events?type=cert.create&user=dbl-alice&limit=100").body();
        assertTrue(events.toString().contains("db login") && events.toString().contains("\"db_user\":\"app\""),
                events.toString());
    }

    @Test
    void aDatabaseUserOrNameTheRolesDoNotListIsRefusedAndAudited() throws Exception {
        for (var asked : List.of(request("dbl-orders", "postgres", "orders", null),
                request("dbl-orders", "app", "payroll", null), request("dbl-dev", "app", "secrets", null))) {
            var reply = alice.postJson("/v1/certs/db", asked);
            assertEquals(403, reply.status(), asked + ": " + reply.body());
            assertTrue(reply.errorMessage().contains("no role of dbl-alice allows database user '" + asked.dbUser()
                    + "'"), reply.errorMessage());
        }
        var refusals = TestCluster.admin().get("/v1/audit/events?type=cert.create&user=dbl-alice&limit=100").body();
        assertTrue(refusals.toString().contains("payroll") && refusals.toString().contains("\"outcome\":\"failure\""),
                refusals.toString());
    }

    @Test
    void aDatabaseWhoseLabelsNoRoleMatchesIsRefused() throws Exception {
        var reply = alice.postJson("/v1/certs/db", request("dbl-staging", "app", "orders", null));
        assertEquals(403, reply.status(), reply.body().toString());
        assertTrue(reply.errorMessage().contains("dbl-staging"), reply.errorMessage());
    }

    @Test
    void theClientsChoiceOfDatabaseWhereTheRolesAllowTheUserSomeName() throws Exception {
        var narrow = alice.postJson("/v1/certs/db", request("dbl-orders", "app", "", null));
        assertEquals(200, narrow.status(), "the role names 'orders' for app: " + narrow.body());
        var noName = alice.postJson("/v1/certs/db", request("dbl-orders", "reader", "", null));
        assertEquals(403, noName.status(), "reader may use no database name there: " + noName.body());
        assertTrue(noName.errorMessage().contains("reader"), noName.errorMessage());
        var wide = alice.postJson("/v1/certs/db", request("dbl-dev", "app", null, null));
        assertEquals(200, wide.status(), wide.body().toString());
        DbCertsResponse certs = alice.read(wide, DbCertsResponse.class);
        assertEquals("", certs.dbName());
        assertEquals("mysql", certs.protocol());
        assertEquals("", DbRoute.of(IdentityCodec.userFromX509(Keys.parseCertificatePem(certs.tlsCertificate()))
                .routing()).orElseThrow().database(), "the client's choice, checked at connect");
    }

    @Test
    void anUnknownDatabaseIsNotFoundAndMalformedNamesAreRefused() throws Exception {
        var missing = alice.postJson("/v1/certs/db", request("dbl-nosuch", "app", "orders", null));
        assertEquals(404, missing.status(), missing.body().toString());
        assertTrue(missing.errorMessage().contains("gate db ls"), missing.errorMessage());
        for (var bad : List.of(request("dbl-orders", "", "orders", null),
                request("dbl-orders", "app,CN=postgres", "orders", null),
                request("dbl-orders", "app", "orders\u0000x", null), request("../x", "app", "orders", null))) {
            assertEquals(400, alice.postJson("/v1/certs/db", bad).status(), bad.toString());
        }
    }

    @Test
    void hostsGetNoUserDatabaseCertificates() throws Exception {
        var agent = DbAgents.join("dbl-agent-2").client();
        assertEquals(403, agent.postJson("/v1/certs/db", request("dbl-orders", "app", "orders", null)).status());
        assertEquals(403, TestCluster.proxy().postJson("/v1/certs/db", request("dbl-orders", "app", "orders", null))
                .status(), "a proxy asks only on a user's behalf, with the user's certificate forwarded");
    }

    @Test
    void theRoutedCertificateNeverOutlivesTheCallersOwn() throws Exception {
        // A certificate of dbl-alice's that ends in 20 minutes, as after a short login or an access request.
        KeyPair shortKey = Keys.generateEcdsaP256();
        var signed = TestCluster.admin().postJson("/v1/certs/user", new SignUserRequest("dbl-alice",
                Keys.toOpenSshPublicKey(shortKey.getPublic()), "20m"));
        assertEquals(200, signed.status(), signed.body().toString());
        CertsResponse own = TestCluster.admin().read(signed, CertsResponse.class);
        AuthClient shortLived = new AuthClient(new IdentityFile(Keys.privateKeyToPem(shortKey.getPrivate()),
                own.sshCertificate(), own.tlsCertificate(), own.tlsCaCertificates(), List.of()).sslContext("auth"),
                TestCluster.port());

        var reply = shortLived.postJson("/v1/certs/db", request("dbl-orders", "app", "orders", "12h"));
        assertEquals(200, reply.status(), reply.body().toString());
        Instant routedEnd = Keys.parseCertificatePem(shortLived.read(reply, DbCertsResponse.class).tlsCertificate())
                .getNotAfter().toInstant();
        assertFalse(routedEnd.isAfter(own.expires()), routedEnd + " outlives the caller's " + own.expires());

        // The same through the proxy, which forwards the certificate the user showed it.
        String forwarded = Base64.getEncoder().encodeToString(Keys.parseCertificatePem(own.tlsCertificate())
                .getEncoded());
        var viaProxy = TestCluster.proxy().withHeader(CallerIdentityFilter.FORWARDED_CERT, forwarded)
                .postJson("/v1/certs/db", request("dbl-orders", "app", "orders", "12h"));
        assertEquals(200, viaProxy.status(), viaProxy.body().toString());
        DbCertsResponse proxied = TestCluster.proxy().read(viaProxy, DbCertsResponse.class);
        assertEquals("dbl-alice", proxied.username());
        assertFalse(proxied.expires().isAfter(own.expires()), proxied.expires() + " vs " + own.expires());

        var shorter = alice.postJson("/v1/certs/db", request("dbl-orders", "app", "orders", "5m"));
        Instant end = alice.read(shorter, DbCertsResponse.class).expires();
        assertTrue(Duration.between(Instant.now(), end).toMinutes() <= 5, "a shorter TTL asked for is kept: " + end);
    }

    private static X509Certificate caOf(String type) throws Exception {
        var admin = TestCluster.admin();
        CaExport export = admin.read(admin.get("/v1/cas/" + type), CaExport.class);
        return Keys.parseCertificatePem(export.tlsCertificates().get(0));
    }
}
