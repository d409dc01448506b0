package io.gatehouse.auth.users;

import io.gatehouse.auth.api.ApiException;
import io.gatehouse.auth.api.Authorizer;
import io.gatehouse.auth.api.Caller;
import io.gatehouse.auth.audit.AuditEvent;
import io.gatehouse.auth.audit.AuditLog;
import io.gatehouse.auth.ca.CertificateAuthorities;
import io.gatehouse.auth.ca.CertificateIssuer;
import io.gatehouse.auth.config.GatehouseConfig;
import io.gatehouse.auth.roles.RoleLookup;
import io.gatehouse.auth.storage.ResourceStore;
import io.gatehouse.shared.api.CertsResponse;
import io.gatehouse.shared.api.LoginRequest;
import io.gatehouse.shared.audit.EventType;
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
 * Password + TOTP login, forwarded by the proxy. Three steps so bcrypt never runs on the event
 * loop and the lockout counter is never lost to a race: read the secrets; verify the password on
 * a worker; then, holding the credentials row lock, check the code, count the failure or issue
 * the certificates — with the audit event in the same transaction.
 */
@ApplicationScoped
public class LoginService {
    private static final String FAILED = "login failed: invalid username, password or second factor";

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
    private final Vertx vertx;
    private final Clock clock;

    public LoginService(Mutiny.SessionFactory sessions, Authorizer authorizer, ResourceStore store, RoleLookup roles,
            UserIdentities identities, CertificateIssuer issuer, CertificateAuthorities cas, PasswordHasher hasher,
            AuditLog audit, GatehouseConfig config, Vertx vertx, Clock clock) {
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
        this.vertx = vertx;
        this.clock = clock;
    }

    public Uni<CertsResponse> login(Caller caller, LoginRequest request) {
        PublicKey key = SubjectKeys.parse(request.publicKey());
        String username = request.username() == null ? "" : request.username();
        return authorizer.requireSystemRole(caller, Authorizer.PROXY, "log users in")
                .flatMap(x -> sessions.withSession(s -> s.find(UserCredentials.class, username)))
                .flatMap(creds -> {
                    String hash = creds == null ? null : creds.passwordHash;
                    String password = request.password() == null ? "" : request.password();
                    return vertx.executeBlocking(Uni.createFrom().item(() -> hasher.matches(password, hash)));
                })
                .flatMap(passwordOk -> sessions.withTransaction(s -> decide(s, request, key, passwordOk)))
                .flatMap(outcome -> outcome.certs().isPresent() ? Uni.createFrom().item(outcome.certs().get())
                        : Uni.createFrom().failure(outcome.error()));
    }

    /** Either certificates or the error to return; failures are committed (counter, audit) before raising. */
    private record Outcome(Optional<CertsResponse> certs, ApiException error) {
    }

    private Uni<Outcome> decide(Mutiny.Session s, LoginRequest request, PublicKey key, boolean passwordOk) {
        String username = request.username() == null ? "" : request.username();
        return s.find(UserCredentials.class, username, LockMode.PESSIMISTIC_WRITE).flatMap(creds -> {
            OffsetDateTime now = OffsetDateTime.now(clock);
            if (creds == null || creds.passwordHash == null) {
                return fail(s, username, "unknown user or no password set", FAILED, 401);
            }
            if (creds.lockedUntil != null && creds.lockedUntil.isAfter(now)) {
                return fail(s, username, "account locked", lockedMessage(username, creds.lockedUntil), 403);
            }
            OptionalLong step = passwordOk ? Totp.verify(totpSecret(creds), request.totpCode(), clock.instant())
                    : OptionalLong.empty();
            if (step.isPresent() && step.getAsLong() <= creds.totpLastStep) {
                return countFailure(s, creds, now, "second-factor code reused");
            }
            if (step.isEmpty()) {
                return countFailure(s, creds, now, passwordOk ? "wrong second factor" : "wrong password");
            }
            creds.failedAttempts = 0;
            creds.lockedUntil = null;
            creds.totpLastStep = step.getAsLong();
            creds.updatedAt = now;
            return issue(s, username, key, request.ttl());
        });
    }

    private Uni<Outcome> issue(Mutiny.Session s, String username, PublicKey key, String ttl) {
        return store.get(s, Kind.USER, username).flatMap(found -> {
            if (found.isEmpty()) {
                return fail(s, username, "user resource missing", FAILED, 401);
            }
            Resource<UserSpec> user = found.get().as(UserSpec.class);
            return roles.checker(s, user.spec().roles(), user.spec().traits()).flatMap(checker -> {
                var identity = identities.build(user, checker, Optional.ofNullable(ttl));
                CertsResponse certs = issuer.issueUser(key, identity);
                Map<String, Object> fields = Map.of("method", "local", "roles", identity.roles(),
                        "logins", identity.logins(), "expires", identity.expires().toString());
                return audit.record(s, AuditEvent.success(EventType.USER_LOGIN, username, "user/" + username, fields))
                        .flatMap(v -> audit.record(s, AuditEvent.success(EventType.CERT_CREATE, username,
                                "user/" + username, Map.of("reason", "login", "expires",
                                        identity.expires().toString()))))
                        .replaceWith(new Outcome(Optional.of(certs), null));
            });
        });
    }

    private Uni<Outcome> countFailure(Mutiny.Session s, UserCredentials creds, OffsetDateTime now, String reason) {
        creds.failedAttempts++;
        creds.updatedAt = now;
        int max = config.auth().lockout().maxAttempts();
        if (creds.failedAttempts < max) {
            return fail(s, creds.username, reason, FAILED, 401);
        }
        creds.failedAttempts = 0;
        creds.lockedUntil = now.plus(config.auth().lockout().duration());
        AuditEvent locked = AuditEvent.failure(EventType.USER_LOCKED, creds.username, "user/" + creds.username,
                Map.of("attempts", max, "locked_until", creds.lockedUntil.toString()));
        return audit.record(s, locked).flatMap(v -> fail(s, creds.username, reason,
                lockedMessage(creds.username, creds.lockedUntil), 403));
    }

    private Uni<Outcome> fail(Mutiny.Session s, String username, String reason, String message, int status) {
        String code = status == 403 ? "locked" : "unauthenticated";
        return audit.record(s, AuditEvent.failure(EventType.USER_LOGIN, username, "user/" + username,
                        Map.of("method", "local", "reason", reason)))
                .replaceWith(new Outcome(Optional.empty(), new ApiException(status, code, message)));
    }

    private String lockedMessage(String username, OffsetDateTime until) {
        return "account '" + username + "' is locked after " + config.auth().lockout().maxAttempts()
                + " failed logins until " + until.withNano(0) + "; wait, or ask an admin to run gatectl users reset "
                + username;
    }

    private byte[] totpSecret(UserCredentials creds) {
        return InviteService.openTotpSecret(cas, creds.username, creds.totpSecretEnc);
    }
}
