package io.gatehouse.e2e.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gatehouse.shared.api.CompleteInviteRequest;
import io.gatehouse.shared.api.LoginRequest;
import io.gatehouse.shared.cert.Keys;
import java.time.Instant;

/** A person completing an invite and logging in, through the calls the proxy forwards. */
public final class Users {
    public static final String PASSWORD = "a long and honest passphrase";

    public record Enrolled(String name, String totpSecret) {
    }

    private Users() {
    }

    public static Enrolled completeInvite(ProxyCalls proxy, String name, String inviteToken) throws Exception {
        var invite = proxy.get("/v1/invites/" + inviteToken);
        assertEquals(200, invite.status(), invite.body().toString());
        assertEquals(name, invite.body().path("username").asText());
        String secret = invite.body().path("totp_secret").asText();
        // Enrol with the previous time step, keeping the current one for the first login; not in a
        // step's last seconds, where a slow request would see that step leave the accepted window.
        long into = Instant.now().getEpochSecond() % 30;
        if (into >= 22) {
            Thread.sleep((31 - into) * 1000);
        }
        String code = TotpCodes.code(secret, TotpCodes.step(Instant.now()) - 1);
        var done = proxy.post("/v1/invites/complete", new CompleteInviteRequest(inviteToken, PASSWORD, code));
        assertEquals(204, done.status(), done.body().toString());
        return new Enrolled(name, secret);
    }

    public static ProxyCalls.Reply login(ProxyCalls proxy, String name, String password, String code)
            throws Exception {
        return proxy.post("/v1/login", new LoginRequest(name, password, code,
                Keys.toOpenSshPublicKey(Keys.generateEcdsaP256().getPublic()), null));
    }
}
