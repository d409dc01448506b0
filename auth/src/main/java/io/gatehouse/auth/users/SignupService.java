package io.gatehouse.auth.users;

import io.gatehouse.auth.api.ApiException;
import io.gatehouse.auth.api.Authorizer;
import io.gatehouse.auth.api.Caller;
import io.gatehouse.auth.audit.AuditEvent;
import io.gatehouse.auth.audit.AuditLog;
import io.gatehouse.auth.ca.CertificateAuthorities;
import io.gatehouse.auth.credentials.Base32;
import io.gatehouse.auth.credentials.Invite;
import io.gatehouse.auth.credentials.InviteService;
import io.gatehouse.auth.credentials.PasswordHasher;
import io.gatehouse.auth.credentials.Totp;
import io.gatehouse.auth.credentials.UserCredentials;
import io.gatehouse.auth.identity.Secrets;
import io.gatehouse.auth.websessions.WebSessionService;
import io.gatehouse.shared.api.CompleteInviteRequest;
import io.gatehouse.shared.api.InviteInfo;
import io.gatehouse.shared.audit.EventType;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.OptionalLong;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The invite holder's side: read the invite (to show the TOTP QR code), then set a password and
 * prove the authenticator works with a first code. Reached only through the proxy.
 */
@ApplicationScoped
public class SignupService {
    private final Mutiny.SessionFactory sessions;
    private final Authorizer authorizer;
    private final CertificateAuthorities cas;
    private final PasswordHasher hasher;
    private final AuditLog audit;
    private final Vertx vertx;
    private final Clock clock;

    public SignupService(Mutiny.SessionFactory sessions, Authorizer authorizer, CertificateAuthorities cas,
            PasswordHasher hasher, AuditLog audit, Vertx vertx, Clock clock) {
        this.sessions = sessions;
        this.authorizer = authorizer;
        this.cas = cas;
        this.hasher = hasher;
        this.audit = audit;
        this.vertx = vertx;
        this.clock = clock;
    }

    public Uni<InviteInfo> open(Caller caller, String token) {
        return authorizer.requireSystemRole(caller, Authorizer.PROXY, "open signup invites")
                .flatMap(x -> sessions.withSession(s -> find(s, token)))
                .map(invite -> {
                    String secret = Base32.encode(totpSecret(invite));
                    String issuer = "Gatehouse " + cas.clusterName();
                    return new InviteInfo(invite.username, secret, Totp.otpauthUri(issuer, invite.username, secret),
                            invite.expires.toInstant());
                });
    }

    public Uni<Void> complete(Caller caller, CompleteInviteRequest request) {
        String weakness = PasswordHasher.weakness(request.password());
        if (weakness != null) {
            return Uni.createFrom().failure(ApiException.invalid(weakness));
        }
        return authorizer.requireSystemRole(caller, Authorizer.PROXY, "complete signup invites")
                .flatMap(x -> vertx.executeBlocking(Uni.createFrom().item(() -> hasher.hash(request.password()))))
                .flatMap(hash -> sessions.withTransaction(s -> find(s, request.token()).flatMap(invite -> {
                    byte[] secret = totpSecret(invite);
                    OptionalLong step = Totp.verify(secret, request.totpCode(), clock.instant());
                    if (step.isEmpty()) {
                        return Uni.createFrom().failure(ApiException.invalid("the authenticator code is not valid "
                                + "for this invite: scan the QR code again and enter the current 6-digit code"));
                    }
                    return s.createMutationQuery("delete from UserCredentials where username = :u")
                            .setParameter("u", invite.username).executeUpdate()
                            .flatMap(n -> s.flush())
                            .flatMap(v -> s.persist(credentials(invite, hash, secret, step.getAsLong())))
                            .flatMap(v -> s.remove(invite))
                            // A reset link ends the browser sessions started with the old password.
                            .flatMap(v -> WebSessionService.endAllOf(s, invite.username))
                            .flatMap(v -> audit.record(s, AuditEvent.success(EventType.USER_PASSWORD_SET,
                                    invite.username, "user/" + invite.username, Map.of("second_factor", "totp"))));
                })));
    }

    private UserCredentials credentials(Invite invite, String hash, byte[] secret, long step) {
        UserCredentials c = new UserCredentials();
        c.username = invite.username;
        c.passwordHash = hash;
        c.totpSecretEnc = InviteService.sealTotpSecret(cas, invite.username, secret);
        c.totpLastStep = step;
        c.updatedAt = OffsetDateTime.now(clock);
        return c;
    }

    private Uni<Invite> find(Mutiny.Session s, String token) {
        if (token == null || token.isBlank()) {
            return Uni.createFrom().failure(ApiException.invalid("the invite token is missing"));
        }
        return s.find(Invite.class, Secrets.sha256Hex(token)).flatMap(invite -> {
            if (invite == null) {
                return Uni.createFrom().failure(ApiException.notFound("this invite link is not valid: it was "
                        + "used already or replaced by a newer one; ask an admin for a new link "
                        + "(gatectl users reset NAME)"));
            }
            if (invite.expires.isBefore(OffsetDateTime.now(clock))) {
                return Uni.createFrom().failure(new ApiException(410, "expired", "this invite link expired at "
                        + invite.expires + "; ask an admin for a new link (gatectl users reset " + invite.username
                        + ")"));
            }
            return Uni.createFrom().item(invite);
        });
    }

    private byte[] totpSecret(Invite invite) {
        return InviteService.openTotpSecret(cas, invite.username, invite.totpSecretEnc);
    }
}
