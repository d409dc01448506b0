package io.gatehouse.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import io.gatehouse.auth.testing.AuthClient;
import io.gatehouse.auth.testing.PostgresTestResource;
import io.gatehouse.auth.testing.TestCluster;
import io.gatehouse.shared.api.AuditPage;
import io.gatehouse.shared.api.CertsResponse;
import io.gatehouse.shared.api.LoginRequest;
import io.gatehouse.shared.cert.Keys;
import io.gatehouse.shared.cert.SshCertificateSigner;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
class UserSignupAndLoginTest {

    private static LoginRequest login(String user, String password, String code) {
        return new LoginRequest(user, password, code, Keys.toOpenSshPublicKey(Keys.generateEcdsaP256().getPublic()),
                null);
    }

    @Test
    void newUserCompletesInviteAndLogsInWithPasswordAndTotp() throws Exception {
        var alice = TestCluster.signUp("alice", List.of("access"), List.of("alice", "ubuntu"));
        var reply = TestCluster.proxy().postJson("/v1/login", login("alice", TestCluster.PASSWORD,
                alice.code(TestCluster.currentStep())));
        assertEquals(200, reply.status(), reply.body().toString());
        CertsResponse certs = TestCluster.proxy().read(reply, CertsResponse.class);
        var ssh = SshCertificateSigner.parse(certs.sshCertificate());
        assertEquals("alice", ssh.getId());
        assertEquals(List.of("alice", "ubuntu"), ssh.getPrincipals().stream().sorted().toList());
        assertTrue(certs.tlsCertificate().startsWith("-----BEGIN CERTIFICATE-----"));
    }

    @Test
    void aTotpCodeCannotBeUsedTwice() throws Exception {
        var bob = TestCluster.signUp("bob", List.of("access"), List.of("bob"));
        String code = bob.code(TestCluster.currentStep());
        assertEquals(200, TestCluster.proxy().postJson("/v1/login", login("bob", TestCluster.PASSWORD, code)).status());
        var again = TestCluster.proxy().postJson("/v1/login", login("bob", TestCluster.PASSWORD, code));
        assertEquals(401, again.status());
    }

    @Test
    void fiveWrongPasswordsLockTheAccountAndTheLockIsAudited() throws Exception {
        var carol = TestCluster.signUp("carol", List.of("access"), List.of("carol"));
        AuthClient proxy = TestCluster.proxy();
        for (int i = 1; i <= 4; i++) {
            var r = proxy.postJson("/v1/login", login("carol", "wrong password " + i, carol.code(
                    TestCluster.currentStep())));
            assertEquals(401, r.status(), "attempt " + i);
            assertTrue(r.errorMessage().startsWith("login failed: the user name, password or authenticator code is "
                    + "wrong"), r.errorMessage());
        }
        var fifth = proxy.postJson("/v1/login", login("carol", "wrong again", "000000"));
        // Locking answers like any failure: the caller cannot tell a lock from a typo (the audit log can).
        assertEquals(401, fifth.status());
        assertEquals("unauthenticated", fifth.errorCode());
        assertTrue(fifth.errorMessage().contains("locked after 5 failed logins"), fifth.errorMessage());
        // Even the right password is refused while locked.
        var right = proxy.postJson("/v1/login", login("carol", TestCluster.PASSWORD, carol.code(
                TestCluster.currentStep())));
        assertEquals(401, right.status());

        var events = TestCluster.admin().read(TestCluster.admin().get("/v1/audit/events?type=user.locked&user=carol"),
                AuditPage.class);
        assertEquals(1, events.events().size());
        assertEquals("T1001W", events.events().get(0).code());
        var failures = TestCluster.admin().read(TestCluster.admin().get(
                "/v1/audit/events?type=user.login&user=carol"), AuditPage.class);
        assertTrue(failures.events().size() >= 6, "every refused login is audited");
        assertTrue(failures.events().stream().allMatch(e -> e.outcome().equals("failure")));
    }

    @Test
    void onlyTheProxyMayForwardLogins() throws Exception {
        var dave = TestCluster.signUp("dave", List.of("access"), List.of("dave"));
        AuthClient asDave = TestCluster.loginAs(dave);
        var r = asDave.postJson("/v1/login", login("dave", TestCluster.PASSWORD, "123456"));
        assertEquals(403, r.status());
        assertEquals("access_denied", r.errorCode());
    }

    @Test
    void anInviteWorksOnlyOnce() throws Exception {
        var admin = TestCluster.admin();
        var created = admin.postJson("/v1/users", new io.gatehouse.shared.api.CreateUserRequest("erin",
                List.of("access"), List.of(), java.util.Map.of()));
        String token = created.body().path("invite_token").asText();
        var proxy = TestCluster.proxy();
        String secret = proxy.get("/v1/invites/" + token).body().path("totp_secret").asText();
        byte[] key = io.gatehouse.auth.credentials.Base32.decode(secret);
        var weak = proxy.postJson("/v1/invites/complete", new io.gatehouse.shared.api.CompleteInviteRequest(token,
                "short", io.gatehouse.auth.credentials.Totp.codeAt(key, TestCluster.currentStep())));
        assertEquals(400, weak.status());
        assertTrue(weak.errorMessage().contains("at least 12"), weak.errorMessage());
        var ok = proxy.postJson("/v1/invites/complete", new io.gatehouse.shared.api.CompleteInviteRequest(token,
                TestCluster.PASSWORD, io.gatehouse.auth.credentials.Totp.codeAt(key, TestCluster.currentStep())));
        assertEquals(204, ok.status(), ok.body().toString());
        var reused = proxy.get("/v1/invites/" + token);
        assertEquals(404, reused.status());
    }
}
