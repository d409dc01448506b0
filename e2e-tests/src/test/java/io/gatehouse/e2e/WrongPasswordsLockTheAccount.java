package io.gatehouse.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.e2e.support.Cluster;
import io.gatehouse.e2e.support.ProxyCalls;
import io.gatehouse.e2e.support.SharedCluster;
import io.gatehouse.e2e.support.TotpCodes;
import io.gatehouse.e2e.support.Users;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Five wrong passwords lock the account for 30 minutes; the answer does not say so (it is the same
 * for any refused login), the audit log does; an admin unlocks without resetting the password.
 */
@SharedCluster
class WrongPasswordsLockTheAccount {
    @Test
    void theFifthFailureLocksAndEvenTheRightPasswordIsThenRefused(Cluster cluster) throws Exception {
        var add = cluster.gatectl("users", "add", "carol", "--roles=access", "--logins=carol");
        ProxyCalls proxy = new ProxyCalls(cluster.proxyIdentity(), cluster.port());
        var carol = Users.completeInvite(proxy, "carol", Cluster.inviteToken(add.out()));
        String code = TotpCodes.code(carol.totpSecret(), TotpCodes.step(Instant.now()));
        for (int i = 1; i <= 4; i++) {
            var r = Users.login(proxy, "carol", "guess number " + i, code);
            assertEquals(401, r.status(), "attempt " + i);
        }
        var fifth = Users.login(proxy, "carol", "guess number 5", code);
        assertEquals(401, fifth.status(), fifth.body().toString());
        assertTrue(fifth.message().contains("locked after 5 failed logins"), fifth.message());
        assertEquals(401, Users.login(proxy, "carol", Users.PASSWORD, code).status());

        var audit = cluster.gatectl("audit", "ls", "--type=user.locked");
        assertTrue(audit.out().contains("carol") && audit.out().contains("T1001W"), audit.out());
        var unlock = cluster.gatectl("users", "unlock", "carol");
        assertEquals(0, unlock.exit(), unlock.toString());
        assertTrue(unlock.out().contains("has been unlocked"), unlock.out());
        var after = Users.login(proxy, "carol", Users.PASSWORD, TotpCodes.code(carol.totpSecret(),
                TotpCodes.step(Instant.now())));
        assertEquals(200, after.status(), "the same password and authenticator work again: " + after.body());
    }
}
