package io.gatehouse.auth.users;

import io.gatehouse.auth.api.ApiException;
import io.gatehouse.auth.api.Caller;
import io.gatehouse.auth.audit.AuditEvent;
import io.gatehouse.auth.audit.AuditLog;
import io.gatehouse.auth.ca.CertificateAuthorities;
import io.gatehouse.auth.config.GatehouseConfig;
import io.gatehouse.auth.credentials.InviteService;
import io.gatehouse.auth.credentials.PasswordHasher;
import io.gatehouse.auth.credentials.Totp;
import io.gatehouse.auth.credentials.UserCredentials;
import io.gatehouse.auth.websessions.WebSessionService;
import io.gatehouse.shared.api.WebSessionDto;
import io.gatehouse.shared.audit.EventType;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.OptionalLong;
import org.hibernate.LockMode;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * A user changes their own password: the old password and a fresh second-factor code prove it
 * is them (a stolen browser session alone is not enough). Failures count towards the same
 * lockout as logins. All the user's web sessions end, as after a reset: the page logs in again
 * with the new password.
 */
@ApplicationScoped
public class PasswordChange {
    private static final String FAILED = "the current password or the authenticator code is wrong";

    private final Mutiny.SessionFactory sessions;
    private final CertificateAuthorities cas;
    private final PasswordHasher hasher;
    private final AuditLog audit;
    private final GatehouseConfig config;
    private final Vertx vertx;
    private final Clock clock;

    public PasswordChange(Mutiny.SessionFactory sessions, CertificateAuthorities cas, PasswordHasher hasher,
            AuditLog audit, GatehouseConfig config, Vertx vertx, Clock clock) {
        this.sessions = sessions;
        this.cas = cas;
        this.hasher = hasher;
        this.audit = audit;
        this.config = config;
        this.vertx = vertx;
        this.clock = clock;
    }

    private record Checked(boolean oldOk, String newHash) {
    }

    public Uni<Void> change(Caller caller, WebSessionDto.ChangePassword request) {
        if (!(caller instanceof Caller.User user)) {
            return Uni.createFrom().failure(ApiException.accessDenied("only a user may change their own password"));
        }
        String username = user.name();
        String weakness = PasswordHasher.weakness(request.newPassword());
        if (weakness != null) {
            return Uni.createFrom().failure(ApiException.invalid(weakness));
        }
        return sessions.withSession(s -> s.find(UserCredentials.class, username))
                .flatMap(creds -> vertx.executeBlocking(Uni.createFrom().item(() -> new Checked(
                        hasher.matches(request.oldPassword() == null ? "" : request.oldPassword(),
                                creds == null ? null : creds.passwordHash),
                        hasher.hash(request.newPassword())))))
                .flatMap(checked -> sessions.withTransaction(s -> decide(s, username, request, checked)))
                .flatMap(error -> error == null ? Uni.createFrom().voidItem() : Uni.createFrom().failure(error));
    }

    /** Null when changed; otherwise the error, raised only after the failure was committed. */
    private Uni<ApiException> decide(Mutiny.Session s, String username, WebSessionDto.ChangePassword request,
            Checked checked) {
        return s.find(UserCredentials.class, username, LockMode.PESSIMISTIC_WRITE).flatMap(creds -> {
            OffsetDateTime now = OffsetDateTime.now(clock);
            if (creds == null || creds.passwordHash == null) {
                return failed(s, username, "no password set", new ApiException(400, "invalid",
                        "'" + username + "' has no local password (SSO user?)"));
            }
            if (creds.lockedUntil != null && creds.lockedUntil.isAfter(now)) {
                return failed(s, username, "account locked", new ApiException(403, "locked", "account '"
                        + username + "' is locked until " + creds.lockedUntil.withNano(0)));
            }
            byte[] secret = InviteService.openTotpSecret(cas, username, creds.totpSecretEnc);
            OptionalLong step = checked.oldOk() ? Totp.verify(secret, request.totpCode(), clock.instant())
                    : OptionalLong.empty();
            if (step.isEmpty() || step.getAsLong() <= creds.totpLastStep) {
                creds.failedAttempts++;
                creds.updatedAt = now;
                if (creds.failedAttempts >= config.auth().lockout().maxAttempts()) {
                    creds.failedAttempts = 0;
                    creds.lockedUntil = now.plus(config.auth().lockout().duration());
                }
                return failed(s, username, checked.oldOk() ? "wrong second factor" : "wrong password",
                        ApiException.unauthenticated(FAILED));
            }
            creds.passwordHash = checked.newHash();
            creds.failedAttempts = 0;
            creds.totpLastStep = step.getAsLong();
            creds.updatedAt = now;
            return audit.record(s, AuditEvent.success(EventType.USER_PASSWORD_SET, username, "user/" + username,
                            Map.of("method", "change")))
                    .flatMap(v -> WebSessionService.endAllOf(s, username))
                    .map(n -> (ApiException) null);
        });
    }

    private Uni<ApiException> failed(Mutiny.Session s, String username, String reason, ApiException error) {
        return audit.record(s, AuditEvent.failure(EventType.USER_PASSWORD_SET, username, "user/" + username,
                Map.of("method", "change", "reason", reason))).replaceWith(error);
    }
}
