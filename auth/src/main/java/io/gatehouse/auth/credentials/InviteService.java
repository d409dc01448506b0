package io.gatehouse.auth.credentials;

import io.gatehouse.auth.ca.CertificateAuthorities;
import io.gatehouse.auth.config.GatehouseConfig;
import io.gatehouse.auth.identity.Secrets;
import io.gatehouse.shared.api.InviteResponse;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.OffsetDateTime;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Creates one-time signup links. The TOTP secret is chosen with the invite (and stored encrypted),
 * so the signup page can show the QR code before the user has any credentials.
 */
@ApplicationScoped
public class InviteService {
    private final GatehouseConfig config;
    private final CertificateAuthorities cas;
    private final Clock clock;

    public InviteService(GatehouseConfig config, CertificateAuthorities cas, Clock clock) {
        this.config = config;
        this.cas = cas;
        this.clock = clock;
    }

    /** Replaces any earlier invite of the same user: only the newest link works. */
    public Uni<InviteResponse> create(Mutiny.Session s, String username) {
        String token = Secrets.newToken();
        Invite invite = new Invite();
        invite.tokenHash = Secrets.sha256Hex(token);
        invite.username = username;
        invite.totpSecretEnc = sealTotpSecret(cas, username, Secrets.randomBytes(20));
        invite.createdAt = OffsetDateTime.now(clock);
        invite.expires = invite.createdAt.plus(config.auth().inviteTtl());
        return s.createMutationQuery("delete from Invite where username = :u").setParameter("u", username)
                .executeUpdate()
                .flatMap(n -> s.persist(invite))
                .replaceWith(() -> new InviteResponse(username, token, inviteUrl(token), invite.expires.toInstant()));
    }

    public String inviteUrl(String token) {
        return "https://" + config.auth().publicProxyAddr() + "/web/invite/" + token;
    }

    /** Seals a user's TOTP secret with the KEK, bound to that user. */
    public static byte[] sealTotpSecret(CertificateAuthorities cas, String username, byte[] secret) {
        return cas.kek().encrypt(secret, totpPurpose(username));
    }

    public static byte[] openTotpSecret(CertificateAuthorities cas, String username, byte[] sealed) {
        try {
            return cas.kek().decrypt(sealed, totpPurpose(username));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("the TOTP secret of '" + username + "' cannot be decrypted with this "
                    + "auth's key-encryption key", e);
        }
    }

    private static String totpPurpose(String username) {
        return "gatehouse-totp:" + username;
    }
}
