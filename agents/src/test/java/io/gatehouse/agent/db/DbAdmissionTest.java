package io.gatehouse.agent.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.agent.service.UserCas;
import io.gatehouse.shared.cert.CaType;
import io.gatehouse.shared.cert.HostIdentity;
import io.gatehouse.shared.cert.Keys;
import io.gatehouse.shared.cert.UserIdentity;
import io.gatehouse.shared.cert.X509CertificateSigner;
import io.gatehouse.shared.db.DbRoute;
import io.gatehouse.shared.rbac.CertificateRoles;
import io.gatehouse.shared.resource.Resources;
import io.gatehouse.shared.resource.RoleSpec;
import io.gatehouse.shared.tunnel.ServiceRequest;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The agent's own checks of a database request, with real certificates from a test user CA. */
class DbAdmissionTest {
    private static final KeyPair CA_KEY = Keys.generateEcdsaP256();
    private static final X509Certificate CA = X509CertificateSigner.selfSignedCa(CA_KEY, "test", CaType.USER,
            Duration.ofDays(1));
    private static final X509CertificateSigner SIGNER = new X509CertificateSigner(CA_KEY, CA);
    private static final DatabaseConfig ORDERS = new DatabaseConfig("orders-db", "postgres", "127.0.0.1", 5432,
            Map.of("env", "prod"), DatabaseConfig.TlsMode.VERIFY_FULL, Optional.empty(), Optional.empty());
    private final CertificateRoles roles = new CertificateRoles(name -> switch (name) {
        case "app-only" -> Optional.of(Resources.parseYaml("""
                kind: role
                version: v1
                metadata: {name: app-only}
                spec:
                  allow: {db_labels: {env: prod}, db_users: [app], db_names: [orders, app]}
                """, "r").get(0).as(RoleSpec.class));
        case "flaky" -> throw new CertificateRoles.Unavailable("auth is unreachable");
        default -> Optional.empty();
    });
    private final DbAdmission admission = new DbAdmission(List.of(CA), roles);

    private static String cert(X509CertificateSigner signer, DbRoute route, List<String> roles, Instant expires) {
        UserIdentity alice = new UserIdentity("alice", roles, Map.of(), List.of(), Instant.now().minusSeconds(60),
                expires, route.toRouting(), false, false, Optional.empty());
        return Keys.certificateToPem(signer.issueUser(Keys.generateEcdsaP256().getPublic(), alice, 1));
    }

    private static String cert(DbRoute route) {
        return cert(SIGNER, route, List.of("app-only"), Instant.now().plusSeconds(3600));
    }

    private static ServiceRequest request(String cert, String dbUser, String dbName, Map<String, String> more) {
        Map<String, String> params = new java.util.HashMap<>(more);
        params.put("db_user", dbUser);
        params.put("db_name", dbName);
        return new ServiceRequest("db", "orders-db", cert, "203.0.113.9:5555", params);
    }

    private String refusal(ServiceRequest r, DatabaseConfig db) {
        return assertThrows(DbAdmission.Refusal.class, () -> admission.admit(r, db, Instant.now())).getMessage();
    }

    @Test
    void admitsTheRoutesUserAndDefaultsTheDatabaseToIt() throws Exception {
        DbAdmission.Admitted a = admission.admit(request(cert(new DbRoute("orders-db", "postgres", "app", "")), "",
                "", Map.of()), ORDERS, Instant.now());
        assertEquals("alice", a.user().username());
        assertEquals("app", a.dbUser());
        assertEquals("app", a.dbName());
        assertEquals("orders", admission.admit(request(cert(new DbRoute("orders-db", "postgres", "app", "")), "app",
                "orders", Map.of()), ORDERS, Instant.now()).dbName());
    }

    @Test
    void certificatesNotFromTheUserCaOrNotValidNowAreRefused() {
        KeyPair otherKey = Keys.generateEcdsaP256();
        X509CertificateSigner other = new X509CertificateSigner(otherKey, X509CertificateSigner.selfSignedCa(otherKey,
                "test", CaType.USER, Duration.ofDays(1)));
        DbRoute route = new DbRoute("orders-db", "postgres", "app", "");
        assertTrue(refusal(request(cert(other, route, List.of("app-only"), Instant.now().plusSeconds(60)), "app",
                "orders", Map.of()), ORDERS).contains("not from this cluster's user CA"));
        String expired = refusal(request(cert(SIGNER, route, List.of("app-only"), Instant.now().minusSeconds(1)),
                "app", "orders", Map.of()), ORDERS);
        assertTrue(expired.startsWith("the certificate of alice expired at"), expired);
        assertTrue(refusal(request("", "app", "orders", Map.of()), ORDERS).contains("no readable user certificate"));
        String host = Keys.certificateToPem(SIGNER.issueHost(Keys.generateEcdsaP256().getPublic(), new HostIdentity(
                "h1", "node", "test", List.of("node"), List.of(), Instant.now().minusSeconds(5),
                Instant.now().plusSeconds(600), ""), 3));
        assertTrue(refusal(request(host, "app", "orders", Map.of()), ORDERS).contains("not a user's"));
    }

    @Test
    void theRouteBindsDatabaseUserAndName() {
        assertEquals("this certificate is for database user 'app' on 'orders-db'; run gate db login orders-db "
                + "--db-user=postgres", refusal(request(cert(new DbRoute("orders-db", "postgres", "app", "")),
                "postgres", "orders", Map.of()), ORDERS));
        assertTrue(refusal(request(cert(new DbRoute("orders-db", "postgres", "app", "orders")), "app", "postgres",
                Map.of()), ORDERS).contains("this certificate is for database 'orders' on 'orders-db'"));
        assertTrue(refusal(request(cert(new DbRoute("other-db", "postgres", "app", "")), "app", "orders",
                Map.of()), ORDERS).contains("this certificate is for the database 'other-db', not 'orders-db'"));
        assertTrue(refusal(request(cert(new DbRoute("orders-db", "postgres", "app", "")), "app", "orders",
                Map.of("pg.replication", "database")), ORDERS).contains("replication connections"));
    }

    @Test
    void rolesDecideAndFailClosed() {
        assertEquals("no role of alice allows database user 'postgres' on 'orders-db' (database 'orders')",
                refusal(request(cert(new DbRoute("orders-db", "postgres", "postgres", "")), "postgres", "orders",
                        Map.of()), ORDERS));
        String flaky = refusal(request(cert(SIGNER, new DbRoute("orders-db", "postgres", "app", ""), List.of("flaky"),
                Instant.now().plusSeconds(60)), "app", "orders", Map.of()), ORDERS);
        assertTrue(flaky.contains("could not be fetched"), flaky);
    }

    @Test
    void aPasswordDatabaseTakesOnlyItsConfiguredUser() {
        DatabaseConfig pw = new DatabaseConfig("orders-db", "postgres", "127.0.0.1", 5432, Map.of("env", "prod"),
                DatabaseConfig.TlsMode.VERIFY_FULL, Optional.empty(), Optional.of(new DatabaseConfig.PasswordAuth(
                "reporting", Path.of("/dev/null"))));
        assertTrue(refusal(request(cert(new DbRoute("orders-db", "postgres", "app", "")), "app", "orders", Map.of()),
                pw).contains("accepts only database user 'reporting'"));
    }

    @Test
    void aRotatedUserCaIsFetchedAgainAtMostEveryThirtySeconds() throws Exception {
        KeyPair newKey = Keys.generateEcdsaP256();
        X509Certificate rotated = X509CertificateSigner.selfSignedCa(newKey, "test", CaType.USER, Duration.ofDays(1));
        java.util.concurrent.atomic.AtomicReference<List<X509Certificate>> atAuth = new java.util.concurrent.atomic
                .AtomicReference<>(List.of(CA));
        java.util.concurrent.atomic.AtomicInteger fetches = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicReference<Instant> now = new java.util.concurrent.atomic.AtomicReference<>(
                Instant.now());
        java.time.Clock clock = new java.time.Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return java.time.ZoneOffset.UTC;
            }

            @Override
            public java.time.Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        };
        DbAdmission a = new DbAdmission(new UserCas(() -> {
            fetches.incrementAndGet();
            return atAuth.get();
        }, clock), roles);
        atAuth.set(List.of(CA, rotated));
        String fromRotated = cert(new X509CertificateSigner(newKey, rotated), new DbRoute("orders-db", "postgres",
                "app", ""), List.of("app-only"), Instant.now().plusSeconds(600));
        ServiceRequest r = request(fromRotated, "app", "orders", Map.of());
        assertThrows(DbAdmission.Refusal.class, () -> a.admit(r, ORDERS, Instant.now())); // fetched just now
        assertEquals(1, fetches.get());
        now.set(now.get().plusSeconds(31));
        assertEquals("alice", a.admit(r, ORDERS, Instant.now()).user().username());
        assertEquals(2, fetches.get());
    }

    @Test
    void aCertificateUsedAgainIsNotVerifiedAgainButItsDatesAre() throws Exception {
        DbRoute route = new DbRoute("orders-db", "postgres", "app", "");
        Instant expires = Instant.now().plusSeconds(600);
        ServiceRequest r = request(cert(SIGNER, route, List.of("app-only"), expires), "app", "orders", Map.of());
        admission.admit(r, ORDERS, Instant.now());
        admission.admit(r, ORDERS, Instant.now());
        assertEquals(1, admission.signatureChecks());
        String expired = refusal(r, ORDERS, expires.plusSeconds(1));
        assertTrue(expired.startsWith("the certificate of alice expired at"), expired);
        assertTrue(refusal(r, ORDERS, Instant.now().minusSeconds(3600)).contains("is not valid before"));
    }

    @Test
    void aCertificateVerifiedBeforeTheUserCaChangedIsVerifiedAgainstTheNewOne() throws Exception {
        KeyPair otherKey = Keys.generateEcdsaP256();
        X509Certificate otherCa = X509CertificateSigner.selfSignedCa(otherKey, "test", CaType.USER, Duration.ofDays(1));
        java.util.concurrent.atomic.AtomicReference<List<X509Certificate>> atAuth = new java.util.concurrent.atomic
                .AtomicReference<>(List.of(CA));
        java.util.concurrent.atomic.AtomicReference<Instant> now = new java.util.concurrent.atomic.AtomicReference<>(
                Instant.now());
        DbAdmission a = new DbAdmission(new UserCas(atAuth::get, new java.time.Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return java.time.ZoneOffset.UTC;
            }

            @Override
            public java.time.Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        }), roles);
        DbRoute route = new DbRoute("orders-db", "postgres", "app", "");
        ServiceRequest fromOld = request(cert(route), "app", "orders", Map.of());
        assertEquals("alice", a.admit(fromOld, ORDERS, Instant.now()).user().username());
        // The old CA is retired: a certificate from the new one makes the agent fetch the list again.
        atAuth.set(List.of(otherCa));
        now.set(now.get().plusSeconds(31));
        ServiceRequest fromNew = request(cert(new X509CertificateSigner(otherKey, otherCa), route,
                List.of("app-only"), Instant.now().plusSeconds(600)), "app", "orders", Map.of());
        assertEquals("alice", a.admit(fromNew, ORDERS, Instant.now()).user().username());
        DbAdmission.Refusal refused = assertThrows(DbAdmission.Refusal.class, () -> a.admit(fromOld, ORDERS,
                Instant.now()));
        assertTrue(refused.getMessage().contains("not from this cluster's user CA"), refused.getMessage());
    }

    private String refusal(ServiceRequest r, DatabaseConfig db, Instant at) {
        return assertThrows(DbAdmission.Refusal.class, () -> admission.admit(r, db, at)).getMessage();
    }
}
