package io.gatehouse.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.auth.testing.AuthClient;
import io.gatehouse.auth.testing.PostgresTestResource;
import io.gatehouse.auth.testing.TestCluster;
import io.gatehouse.shared.api.AuditPage;
import io.gatehouse.shared.api.LoginRequest;
import io.gatehouse.shared.cert.Keys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What an attacker probing user names learns from refused logins: nothing the audit log keeps. */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
class LoginRefusalsRevealNothingTest {
    @jakarta.inject.Inject
    io.gatehouse.auth.credentials.PasswordHasher hasher;

    static LoginRequest login(String user, String password, String code) {
        return new LoginRequest(user, password, code, Keys.toOpenSshPublicKey(Keys.generateEcdsaP256().getPublic()),
                null);
    }

    /** Locks {@code name} with five wrong passwords (each from its own address, under the rate limits). */
    static void lock(TestCluster.SignedUp user) throws Exception {
        for (int i = 1; i <= 5; i++) {
            var r = TestCluster.proxy().postJson("/v1/login", login(user.name(), "wrong password " + i,
                    user.code(TestCluster.currentStep())));
            assertEquals(401, r.status(), "attempt " + i + ": " + r.body());
        }
    }

    /** The body without retry_at, which moves with the clock (checked separately). */
    private static String comparable(AuthClient.Reply r) {
        ObjectNode body = r.body().deepCopy();
        ((ObjectNode) body.path("error")).remove("retry_at");
        return body.toString();
    }

    @Test
    void unknownLockedAndWrongPasswordGetTheSameAnswer() throws Exception {
        var known = TestCluster.signUp("probe-known", List.of("access"), List.of("probe"));
        var locked = TestCluster.signUp("probe-locked", List.of("access"), List.of("probe"));
        lock(locked);

        var unknown = TestCluster.proxy().postJson("/v1/login", login("probe-nobody", "some password", "123456"));
        // The locked account with its right password and code: still no hint that it exists or is locked.
        var lockedRight = TestCluster.proxy().postJson("/v1/login", login("probe-locked", TestCluster.PASSWORD,
                locked.code(TestCluster.currentStep())));
        var wrong = TestCluster.proxy().postJson("/v1/login", login("probe-known", "not the password",
                known.code(TestCluster.currentStep())));

        for (var r : List.of(unknown, lockedRight, wrong)) {
            assertEquals(401, r.status(), r.body().toString());
            assertEquals(comparable(unknown), comparable(r));
            Instant retryAt = Instant.parse(r.body().path("error").path("retry_at").asText());
            long fromNow = Duration.between(Instant.now(), retryAt).toSeconds();
            assertTrue(fromNow > 29 * 60 && fromNow <= 30 * 60, "retry_at is when a lock starting now ends: " + fromNow);
        }
        String message = unknown.errorMessage();
        assertTrue(message.contains("locked") && message.contains("ask an admin"), message);
        assertFalse(message.contains("gatectl"), "no command for the user to run: " + message);
        assertFalse(message.contains("probe"), "the message does not repeat the name: " + message);

        // The audit log keeps the truth.
        assertEquals("unknown user or no password set", lastFailureReason("probe-nobody"));
        assertTrue(lastFailureReason("probe-locked").startsWith("account locked until"));
        assertEquals("wrong password", lastFailureReason("probe-known"));
    }

    @Test
    void anUnknownNameCostsTheSameBcryptAsAKnownOne() throws Exception {
        // bcrypt is what makes a refusal take time (~100 ms against a few ms for the rest), so the
        // same number of hashes means a stopwatch cannot tell the names apart.
        var known = TestCluster.signUp("probe-timing", List.of("access"), List.of("probe"));
        long t0 = hasher.checksSoFar();
        assertEquals(401, TestCluster.proxy().postJson("/v1/login", login("probe-ghost", "guess", "123456")).status());
        long t1 = hasher.checksSoFar();
        assertEquals(401, TestCluster.proxy().postJson("/v1/login", login("probe-timing", "guess",
                known.code(TestCluster.currentStep()))).status());
        long t2 = hasher.checksSoFar();
        lock(TestCluster.signUp("probe-timing-locked", List.of("access"), List.of("probe")));
        long t3 = hasher.checksSoFar();
        assertEquals(401, TestCluster.proxy().postJson("/v1/login", login("probe-timing-locked", "guess",
                "123456")).status());
        long t4 = hasher.checksSoFar();
        assertEquals(List.of(1L, 1L, 1L), List.of(t1 - t0, t2 - t1, t4 - t3), "bcrypts for unknown, known, locked");
    }

    @Test
    void unlockEndsTheLockAndKeepsThePasswordAndSecondFactor() throws Exception {
        var uma = TestCluster.signUp("uma", List.of("access"), List.of("uma"));
        lock(uma);
        TestCluster.awayFromStepEnd();
        assertEquals(401, TestCluster.proxy().postJson("/v1/login", login("uma", TestCluster.PASSWORD,
                uma.code(TestCluster.currentStep()))).status(), "locked: even the right password is refused");

        var unlocked = TestCluster.admin().postJson("/v1/users/uma/unlock", java.util.Map.of());
        assertEquals(200, unlocked.status(), unlocked.body().toString());
        assertTrue(unlocked.body().path("was_locked").asBoolean(), unlocked.body().toString());

        // The same password and authenticator as before: no new signup.
        var again = TestCluster.proxy().postJson("/v1/login", login("uma", TestCluster.PASSWORD,
                uma.code(TestCluster.currentStep())));
        assertEquals(200, again.status(), again.body().toString());

        var events = TestCluster.admin().read(TestCluster.admin().get("/v1/audit/events?type=user.unlock"),
                AuditPage.class);
        assertTrue(events.events().stream().anyMatch(e -> e.resource().equals("user/uma")), events.toString());
        var missing = TestCluster.admin().postJson("/v1/users/nobody-here/unlock", java.util.Map.of());
        assertEquals(404, missing.status());
        assertTrue(missing.errorMessage().contains("nobody-here"), missing.errorMessage());
    }

    @Test
    void onlyAnAdminMayUnlock() throws Exception {
        var vic = TestCluster.signUp("vic", List.of("access"), List.of("vic"));
        var asVic = TestCluster.loginAs(vic);
        var r = asVic.postJson("/v1/users/vic/unlock", java.util.Map.of());
        assertEquals(403, r.status(), r.body().toString());
    }

    private static String lastFailureReason(String user) throws Exception {
        AuditPage page = TestCluster.admin().read(TestCluster.admin().get("/v1/audit/events?type=user.login&user="
                + user), AuditPage.class);
        var events = page.events();
        return String.valueOf(events.get(events.size() - 1).fields().get("reason"));
    }
}
