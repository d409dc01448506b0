package io.gatehouse.cli.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.cli.apiclient.CliException;
import io.gatehouse.cli.apiclient.ExitCodes;
import io.gatehouse.shared.api.ApiJson;
import io.gatehouse.shared.api.DbCertsResponse;
import io.gatehouse.shared.api.client.TestApiServer;
import io.gatehouse.shared.cert.CaType;
import io.gatehouse.shared.cert.Keys;
import io.gatehouse.shared.cert.UserIdentity;
import io.gatehouse.shared.cert.X509CertificateSigner;
import io.gatehouse.shared.db.DbRoute;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * gate db login's side of the proxy API against a real HTTPS server answering as the proxy: the
 * listing it reads, the request it signs with the login's own key, the files it keeps, and when a
 * stored certificate is reused instead of asking again.
 */
class DbLoginTest {
    private static final KeyPair HOST_CA = Keys.generateEcdsaP256();
    private static final X509Certificate HOST_CA_CERT = X509CertificateSigner.selfSignedCa(HOST_CA, "test",
            CaType.HOST, Duration.ofDays(1));
    private static final KeyPair USER_CA = Keys.generateEcdsaP256();
    private static final X509Certificate USER_CA_CERT = X509CertificateSigner.selfSignedCa(USER_CA, "test",
            CaType.USER, Duration.ofDays(1));
    private static final String RESOURCES = "GET /v1/webapi/resources?kind=db&limit=1000";

    @TempDir
    Path dir;
    private TestApiServer proxy;
    private KeyPair loginKey;
    private Target.Cluster cluster;

    @BeforeEach
    void loggedIn() throws Exception {
        KeyPair proxyKey = Keys.generateEcdsaP256();
        X509Certificate proxyCert = new X509CertificateSigner(HOST_CA, HOST_CA_CERT).issueServer(proxyKey.getPublic(),
                "proxy", "proxy.test", List.of("localhost"), List.of("127.0.0.1"), Duration.ofHours(1), 3);
        proxy = new TestApiServer(proxyKey, proxyCert, HOST_CA_CERT, false);
        loginKey = Keys.generateEcdsaP256();
        KeySet keys = new KeySet(dir.resolve("keys/alice"));
        keys.write(Keys.sshPrivateKeyPem(loginKey), "ssh-ed25519-cert-v01@openssh.com AAAA unused",
                Keys.certificateToPem(userCert(Map.of(), Instant.now().plusSeconds(3600))),
                List.of(Keys.certificateToPem(HOST_CA_CERT)));
        cluster = new Target.Cluster(proxy.hostPort(), "test", 3023, true, "alice", keys, dir.resolve("known_hosts"),
                dir.resolve("ssh_config"));
    }

    @AfterEach
    void stop() {
        proxy.close();
    }

    @Test
    void theOnlyAllowedDbUserIsChosenAndTheLoginsKeyIsSigned() throws Exception {
        listing("orders-db", "postgres", "app");
        signs(new DbRoute("orders-db", "postgres", "app", "orders"));
        DbCertFiles files = new DbLogin(cluster).login("orders-db", null, "orders");

        JsonNode sent = ApiJson.newMapper().readTree(proxy.seen.get(1).body());
        assertEquals("orders-db", sent.path("db").asText());
        assertEquals("app", sent.path("db_user").asText());
        assertEquals("orders", sent.path("db_name").asText());
        assertEquals(loginKey.getPublic(), Keys.parseOpenSshPublicKey(sent.path("public_key").asText()));
        assertEquals(new DbRoute("orders-db", "postgres", "app", "orders"), files.route());
        assertEquals(loginKey.getPublic(), Keys.keyPairFromPrivate(Keys.parsePrivateKeyPem(Files.readString(
                files.key()))).getPublic(), "the stored key is the login's");
        assertEquals(files.dir(), dir.resolve("keys/alice-db"));
    }

    @Test
    void aStoredCertificateForTheSameRouteIsReusedAndAnotherUserAsksAgain() throws Exception {
        listing("orders-db", "postgres", "app", "readonly");
        signs(new DbRoute("orders-db", "postgres", "app", ""));
        DbLogin login = new DbLogin(cluster);
        login.login("orders-db", "app", null);
        int calls = proxy.seen.size();
        login.ensure("orders-db", null, null);
        login.ensure("orders-db", "app", null);
        assertEquals(calls, proxy.seen.size(), "a valid certificate for the same route is reused");
        login.ensure("orders-db", "readonly", null);
        assertEquals(calls + 1, proxy.seen.size(), "another database user needs another certificate");
        assertEquals("POST /v1/webapi/certs/db", "POST " + proxy.seen.get(calls).uri());
    }

    @Test
    void severalAllowedDbUsersMustBeChosenFrom() {
        listing("orders-db", "postgres", "app", "readonly");
        CliException e = assertThrows(CliException.class, () -> new DbLogin(cluster).login("orders-db", null, null));
        assertEquals(ExitCodes.USAGE, e.exitCode());
        assertTrue(e.getMessage().contains("--db-user") && e.getMessage().contains("app, readonly"), e.getMessage());
    }

    @Test
    void aDatabaseNotListedIsNotFound() {
        listing("orders-db", "postgres", "app");
        CliException e = assertThrows(CliException.class, () -> new DbLogin(cluster).login("other", null, null));
        assertEquals(ExitCodes.NOT_FOUND, e.exitCode());
        assertTrue(e.getMessage().contains("'other'") && e.getMessage().contains("gate db ls"), e.getMessage());
    }

    @Test
    void aCertificateForAnotherKeyIsRefused() throws Exception {
        listing("orders-db", "postgres", "app");
        X509Certificate foreign = new X509CertificateSigner(USER_CA, USER_CA_CERT).issueUser(Keys.generateEcdsaP256()
                .getPublic(), identity(new DbRoute("orders-db", "postgres", "app", "").toRouting(),
                Instant.now().plusSeconds(600)), 9);
        reply(foreign, "postgres");
        CliException e = assertThrows(CliException.class, () -> new DbLogin(cluster).login("orders-db", "app", null));
        assertTrue(e.getMessage().contains("another key"), e.getMessage());
        assertTrue(!DbCertFiles.of(cluster.keys(), "orders-db").exists());
    }

    @Test
    void chooseUserIgnoresNoLiteralChoice() {
        var wildcard = new DbLogin.Database("db", "mysql", Map.of(), List.of("*"), true);
        assertThrows(CliException.class, () -> DbLogin.chooseUser(wildcard, null));
        assertEquals("root", DbLogin.chooseUser(wildcard, "root"));
    }

    @Test
    void reuseNeedsTimeLeftAndTheSameRoute() {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        DbRoute stored = new DbRoute("db", "postgres", "app", "orders");
        assertTrue(DbLogin.reusable(stored, now.plusSeconds(3600), null, null, now));
        assertTrue(DbLogin.reusable(stored, now.plusSeconds(3600), "app", "orders", now));
        assertTrue(!DbLogin.reusable(stored, now.plusSeconds(30), null, null, now), "less than a minute left");
        assertTrue(!DbLogin.reusable(stored, now.plusSeconds(3600), "postgres", null, now));
        assertTrue(!DbLogin.reusable(stored, now.plusSeconds(3600), null, "billing", now));
    }

    private void listing(String name, String protocol, String... users) {
        String logins = String.join(",", java.util.Arrays.stream(users).map(u -> "\"" + u + "\"").toList());
        proxy.reply(RESOURCES, 200, "{\"items\":[{\"kind\":\"db\",\"name\":\"" + name + "\",\"labels\":{\"env\":"
                + "\"prod\"},\"online\":true,\"logins\":[" + logins + "],\"protocol\":\"" + protocol + "\"}],"
                + "\"next_key\":null,\"total_count\":1}");
    }

    private void signs(DbRoute route) throws Exception {
        reply(new X509CertificateSigner(USER_CA, USER_CA_CERT).issueUser(loginKey.getPublic(),
                identity(route.toRouting(), Instant.now().plusSeconds(3600)), 8), route.protocol());
    }

    private void reply(X509Certificate cert, String protocol) throws Exception {
        DbRoute route = DbRoute.of(io.gatehouse.shared.cert.IdentityCodec.userFromX509(cert).routing()).orElseThrow();
        DbCertsResponse body = new DbCertsResponse("alice", route.service(), protocol, route.user(), route.database(),
                Keys.certificateToPem(cert), Instant.now().plusSeconds(3600), List.of(Keys.certificateToPem(
                        HOST_CA_CERT)));
        proxy.reply("POST /v1/webapi/certs/db", 200, ApiJson.newMapper().writeValueAsString(body));
    }

    private X509Certificate userCert(Map<String, String> routing, Instant expires) {
        return new X509CertificateSigner(USER_CA, USER_CA_CERT).issueUser(loginKey.getPublic(), identity(routing,
                expires), 7);
    }

    private static UserIdentity identity(Map<String, String> routing, Instant expires) {
        return new UserIdentity("alice", List.of("dev"), Map.of(), List.of(), expires.minusSeconds(7200), expires,
                routing, false, false, Optional.empty());
    }
}
