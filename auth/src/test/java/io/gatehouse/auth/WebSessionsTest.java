package io.gatehouse.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.auth.testing.PostgresTestResource;
import io.gatehouse.auth.testing.TestCluster;
import io.gatehouse.shared.api.LoginRequest;
import io.gatehouse.shared.api.WebSessionDto;
import io.gatehouse.shared.cert.Keys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Browser sessions held by auth for the proxy: created by the ordinary password + TOTP login,
 * found only with the right secrets, ended everywhere by a logout or a password change, and
 * stored so that a copy of the table is useless.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
class WebSessionsTest {

    private static WebSessionDto.Created login(TestCluster.SignedUp user, long step) throws Exception {
        var reply = TestCluster.proxy().postJson("/v1/web/sessions", new LoginRequest(user.name(),
                TestCluster.PASSWORD, user.code(step), null, null));
        assertEquals(201, reply.status(), reply.body().toString());
        return TestCluster.proxy().read(reply, WebSessionDto.Created.class);
    }

    private static WebSessionDto.Lookup lookup(WebSessionDto.Created s, String bearer, boolean key) {
        return new WebSessionDto.Lookup(s.sessionId(), bearer, true, key, false);
    }

    @Test
    void aWebLoginCreatesASessionWhoseKeyAndCertificateTheProxyCanUse() throws Exception {
        var wes = TestCluster.signUp("wes", List.of("access"), List.of("wes"));
        var created = login(wes, TestCluster.currentStep());
        assertEquals("wes", created.session().username());
        assertNull(created.session().privateKey(), "the key is handed out only when asked for");

        var found = TestCluster.proxy().postJson("/v1/web/sessions/lookup", lookup(created, created.bearerToken(),
                true));
        assertEquals(200, found.status(), found.body().toString());
        var session = TestCluster.proxy().read(found, WebSessionDto.Session.class);
        assertEquals(List.of("wes"), session.logins());
        // The private key belongs to the certificate (what the proxy logs in to nodes with).
        var cert = (org.apache.sshd.common.config.keys.OpenSshCertificate) Keys.parseOpenSshPublicKey(
                session.sshCertificate());
        assertTrue(org.apache.sshd.common.config.keys.KeyUtils.compareKeys(cert.getCertPubKey(),
                Keys.keyPairFromPrivate(Keys.parsePrivateKeyPem(session.privateKey())).getPublic()));

        var wrongBearer = TestCluster.proxy().postJson("/v1/web/sessions/lookup", lookup(created, "guess", false));
        assertEquals(403, wrongBearer.status());
        var noSuchId = TestCluster.proxy().postJson("/v1/web/sessions/lookup", new WebSessionDto.Lookup("nope",
                created.bearerToken(), true, false, false));
        assertEquals(401, noSuchId.status());
        assertEquals("session_expired", noSuchId.errorCode());
        var withoutBearer = TestCluster.proxy().postJson("/v1/web/sessions/lookup", new WebSessionDto.Lookup(
                created.sessionId(), null, false, false, true));
        assertEquals(200, withoutBearer.status(), "the page's 'who am I' needs only the cookie");
        assertEquals(created.bearerToken(), withoutBearer.body().path("bearer_token").asText());
    }

    /** (The admin identity may, as it may do anything a service does; a user may not.) */
    @Test
    void aUserCannotReadWebSessionsEvenTheirOwn() throws Exception {
        var xia = TestCluster.signUp("xia", List.of("access"), List.of("xia"));
        var created = login(xia, TestCluster.currentStep());
        var asUser = TestCluster.loginAs(xia, TestCluster.currentStep() + 1);
        assertEquals(403, asUser.postJson("/v1/web/sessions/lookup", lookup(created, created.bearerToken(),
                true)).status());
        assertEquals(403, asUser.postJson("/v1/web/sessions", new LoginRequest("xia", TestCluster.PASSWORD,
                xia.code(TestCluster.currentStep() + 1), null, null)).status());
    }

    @Test
    void logoutEndsTheSessionAndIsAudited() throws Exception {
        var yan = TestCluster.signUp("yan", List.of("access"), List.of("yan"));
        var created = login(yan, TestCluster.currentStep());
        var end = TestCluster.proxy().postJson("/v1/web/sessions/end", new WebSessionDto.End(created.sessionId()));
        assertEquals(204, end.status());
        var after = TestCluster.proxy().postJson("/v1/web/sessions/lookup", lookup(created, created.bearerToken(),
                false));
        assertEquals(401, after.status());
        var audit = TestCluster.admin().get("/v1/audit/events?type=user.logout&user=yan");
        assertEquals(1, audit.body().path("events").size(), audit.body().toString());
    }

    @Test
    void aPasswordChangeNeedsTheOldPasswordAndACodeAndEndsTheWebSessions() throws Exception {
        var zoe = TestCluster.signUp("zoe", List.of("access"), List.of("zoe"));
        long step = TestCluster.currentStep();
        var created = login(zoe, step);
        var asZoe = TestCluster.loginAs(zoe, step + 1);
        var wrongOld = asZoe.putJson("/v1/users/password", new WebSessionDto.ChangePassword("not it",
                "a brand new passphrase", zoe.code(step + 1)));
        assertEquals(401, wrongOld.status(), wrongOld.body().toString());
        var weak = asZoe.putJson("/v1/users/password", new WebSessionDto.ChangePassword(TestCluster.PASSWORD,
                "short", zoe.code(step + 1)));
        assertEquals(400, weak.status(), weak.body().toString());
        // Steps step and step + 1 are spent; step + 2 is accepted once the clock reaches step + 1.
        while (TestCluster.currentStep() < step + 1) {
            Thread.sleep(500);
        }
        var ok = asZoe.putJson("/v1/users/password", new WebSessionDto.ChangePassword(TestCluster.PASSWORD,
                "a brand new passphrase", zoe.code(step + 2)));
        assertEquals(204, ok.status(), ok.body().toString());
        assertEquals(401, TestCluster.proxy().postJson("/v1/web/sessions/lookup", lookup(created,
                created.bearerToken(), false)).status(), "the web session ended with the old password");
    }

    @Test
    void theTableHoldsNoUsableSecret() throws Exception {
        var ada = TestCluster.signUp("ada", List.of("access"), List.of("ada"));
        var created = login(ada, TestCluster.currentStep());
        try (var db = PostgresTestResource.connect(PostgresTestResource.jdbcUrl());
                var rows = db.createStatement().executeQuery("SELECT id_hash, bearer_hash, private_key_enc, "
                        + "bearer_enc FROM web_sessions WHERE username = 'ada'")) {
            assertTrue(rows.next());
            assertFalse(rows.getString(1).contains(created.sessionId()));
            assertFalse(rows.getString(2).contains(created.bearerToken()));
            assertFalse(new String(rows.getBytes(3), java.nio.charset.StandardCharsets.ISO_8859_1)
                    .contains("PRIVATE KEY"), "the key is sealed");
            assertFalse(new String(rows.getBytes(4), java.nio.charset.StandardCharsets.ISO_8859_1)
                    .contains(created.bearerToken()), "the bearer token is sealed");
            assertNotNull(rows.getString(1));
        }
    }
}
