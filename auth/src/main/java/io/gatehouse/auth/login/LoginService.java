package io.gatehouse.auth.login;

import io.gatehouse.auth.api.ApiException;
import io.gatehouse.auth.api.Authorizer;
import io.gatehouse.auth.api.Caller;
import io.gatehouse.auth.audit.AuditEvent;
import io.gatehouse.auth.audit.AuditLog;
import io.gatehouse.auth.ca.CertificateAuthorities;
import io.gatehouse.auth.ca.CertificateIssuer;
import io.gatehouse.auth.config.GatehouseConfig;
import io.gatehouse.auth.credentials.InviteService;
import io.gatehouse.auth.credentials.PasswordHasher;
import io.gatehouse.auth.credentials.Totp;
import io.gatehouse.auth.credentials.UserCredentials;
import io.gatehouse.auth.identity.SubjectKeys;
import io.gatehouse.auth.identity.UserIdentities;
import io.gatehouse.auth.roles.RoleLookup;
import io.gatehouse.auth.storage.ResourceStore;
import io.gatehouse.shared.api.CertsResponse;
import io.gatehouse.shared.api.LoginRequest;
import io.gatehouse.shared.audit.EventType;
import io.gatehouse.shared.resource.Durations;
import io.gatehouse.shared.resource.Kind;
import io.gatehouse.shared.resource.Resource;
import io.gatehouse.shared.resource.UserSpec;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.PublicKey;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.hibernate.LockMode;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Password + TOTP login, forwarded by the proxy. First the rate limits (no database, no bcrypt for
 * a refused attempt); then three steps so bcrypt never runs on the event loop and the lockout
 * counter is never lost to a race: read the secrets; verify the password on a worker (a dummy hash
 * for an unknown name, so both take as long); then, holding the credentials row lock, check the
 * code, count the failure or issue the certificates — with the audit event in the same transaction.
 *
 * <p>Every refusal answers the caller alike — unknown name, wrong password or code, locked
 * account — so no answer tells whether an account exists or is locked; the audit log keeps the
 * real reason.
 */
@ApplicationScoped
public class LoginService {

    private final Mutiny.SessionFactory sessions;
    private final Authorizer authorizer;
    private final ResourceStore store;
    private final RoleLookup roles;
    private final UserIdentities identities;
    private final CertificateIssuer issuer;
    private final CertificateAuthorities cas;
    private final PasswordHasher hasher;
    private final AuditLog audit;
    private final GatehouseConfig config;
    private final LoginRateLimit limits;
    private final Vertx vertx;
    private final Clock clock;

    public LoginService(Mutiny.SessionFactory sessions, Authorizer authorizer, ResourceStore store, RoleLookup roles,
            UserIdentities identities, CertificateIssuer issuer, CertificateAuthorities cas, PasswordHasher hasher,
            AuditLog audit, GatehouseConfig config, LoginRateLimit limits, Vertx vertx, Clock clock) {
        this.sessions = sessions;
        this.authorizer = authorizer;
        this.store = store;
        this.roles = roles;
        this.identities = identities;
        this.issuer = issuer;
        this.cas = cas;
        this.hasher = hasher;
        this.audit = audit;
        this.config = config;
        this.limits = limits;
        this.vertx = vertx;
        this.clock = clock;
    }

    public Uni<CertsResponse> login(Caller caller, LoginSource source, LoginRequest request) {
        PublicKey key = SubjectKeys.parse(request.publicKey());
        String username = request.username() == null ? "" : request.username();
        return authorizer.requireSystemRole(caller, Authorizer.PROXY, "log users in")
                .flatMap(x -> limits.guard(source, username, () -> check(source, request, key, username)));
    }

    private Uni<CertsResponse> check(LoginSource source, LoginRequest request, PublicKey key, String username) {
        return sessions.withSession(s -> s.find(UserCredentials.class, username))
                .flatMap(creds -> {
                    String hash = creds == null ? null : creds.passwordHash;
                    String password = request.password() == null ? "" : request.password();
                    return vertx.executeBlocking(Uni.createFrom().item(() -> hasher.matches(password, hash)));
                })
                .flatMap(passwordOk -> sessions.withTransaction(s -> decide(s, source, request, key, passwordOk)))
                .flatMap(outcome -> outcome.certs().isPresent() ? Uni.createFrom().item(outcome.certs().get())
                        : Uni.createFrom().failure(outcome.error()));
    }

    /** Either certificates or the error to return; failures are committed (counter, audit) before raising. */
    private record Outcome(Optional<CertsResponse> certs, ApiException error) {
    }

    private Uni<Outcome> decide(Mutiny.Session s, LoginSource source, LoginRequest request, PublicKey key,
            boolean passwordOk) {
        String username = request.username() == null ? "" : request.username();
        return s.find(UserCredentials.class, username, LockMode.PESSIMISTIC_WRITE).flatMap(creds -> {
            OffsetDateTime now = OffsetDateTime.now(clock);
            if (creds == null || creds.passwordHash == null) {
                return fail(s, source, username, "unknown user or no password set");
            }
            if (creds.lockedUntil != null && creds.lockedUntil.isAfter(now)) {
                // Not counted, so the lock does not move: it ends when it said it would.
                return fail(s, source, username, "account locked until " + creds.lockedUntil.toInstant()
                        + (passwordOk ? " (the password was right)" : ""));
            }
            OptionalLong step = passwordOk ? Totp.verify(totpSecret(creds), request.totpCode(), clock.instant())
                    : OptionalLong.empty();
            if (step.isPresent() && step.getAsLong() <= creds.totpLastStep) {
                return countFailure(s, source, creds, now, "second-factor code reused");
            }
            if (step.isEmpty()) {
                return countFailure(s, source, creds, now, passwordOk ? "wrong second factor" : "wrong password");
            }
            creds.failedAttempts = 0;
            creds.lockedUntil = null;
            creds.totpLastStep = step.getAsLong();
            creds.updatedAt = now;
            return issue(s, source, username, key, request.ttl());
        });
    }

    private Uni<Outcome> issue(Mutiny.Session s, LoginSource source, String username, PublicKey key, String ttl) {
        return store.get(s, Kind.USER, username).flatMap(found -> {
            if (found.isEmpty()) {
                return fail(s, source, username, "user resource missing");
            }
            Resource<UserSpec> user = found.get().as(UserSpec.class);
            return roles.checker(s, user.spec().roles(), user.spec().traits()).flatMap(checker -> {
                var identity = identities.build(user, checker, Optional.ofNullable(ttl));
                CertsResponse certs = issuer.issueUser(key, identity);
                Map<String, Object> fields = Map.of("method", "local", "roles", identity.roles(),
                        "logins", identity.logins(), "expires", identity.expires().toString(),
                        "source", source.address());
                return audit.record(s, AuditEvent.success(EventType.USER_LOGIN, username, "user/" + username, fields))
                        .flatMap(v -> audit.record(s, AuditEvent.success(EventType.CERT_CREATE, username,
                                "user/" + username, Map.of("reason", "login", "expires",
                                        identity.expires().toString()))))
                        .replaceWith(new Outcome(Optional.of(certs), null));
            });
        });
    }

    private Uni<Outcome> countFailure(Mutiny.Session s, LoginSource source, UserCredentials creds,
            OffsetDateTime now, String reason) {
        creds.failedAttempts++;
        creds.updatedAt = now;
        int max = config.auth().lockout().maxAttempts();
        if (creds.failedAttempts < max) {
            return fail(s, source, creds.username, reason);
        }
        creds.failedAttempts = 0;
        creds.lockedUntil = now.plus(config.auth().lockout().duration());
        AuditEvent locked = AuditEvent.failure(EventType.USER_LOCKED, creds.username, "user/" + creds.username,
                Map.of("attempts", max, "locked_until", creds.lockedUntil.toString(), "source", source.address()));
        return audit.record(s, locked).flatMap(v -> fail(s, source, creds.username, reason));
    }

    /** The one answer to every refused login; the reason goes to the audit log only. */
    private Uni<Outcome> fail(Mutiny.Session s, LoginSource source, String username, String reason) {
        return audit.record(s, AuditEvent.failure(EventType.USER_LOGIN, username, "user/" + username,
                        Map.of("method", "local", "reason", reason, "source", source.address())))
                .replaceWith(new Outcome(Optional.empty(), refusal()));
    }

    /**
     * Says what to do in either case the caller cannot be told apart: check the input, or — if the
     * account is locked — wait or ask an admin. retry_at is when a lock starting now would end,
     * the latest any current lock ends (a refusal while locked does not extend it); pages show it
     * in the user's own time zone.
     */
    private ApiException refusal() {
        var lockout = config.auth().lockout();
        return ApiException.retryLater(401, "unauthenticated", "login failed: the user name, password or "
                + "authenticator code is wrong, or the account is locked after " + lockout.maxAttempts()
                + " failed logins in a row. Check them and try again; a locked account opens again within "
                + Durations.format(lockout.duration()) + ", or ask an admin to unlock it sooner",
                clock.instant().plus(lockout.duration()));
    }

    private byte[] totpSecret(UserCredentials creds) {
        return InviteService.openTotpSecret(cas, creds.username, creds.totpSecretEnc);
    }
}
