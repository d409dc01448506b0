package io.gatehouse.auth.users;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.gatehouse.auth.api.ApiException;
import io.gatehouse.auth.api.Authorizer;
import io.gatehouse.auth.api.Caller;
import io.gatehouse.auth.audit.AuditEvent;
import io.gatehouse.auth.audit.AuditLog;
import io.gatehouse.auth.credentials.InviteService;
import io.gatehouse.auth.credentials.UserCredentials;
import io.gatehouse.auth.resources.ResourceRules;
import io.gatehouse.auth.storage.ResourceStore;
import io.gatehouse.shared.api.CreateUserRequest;
import io.gatehouse.shared.api.InviteResponse;
import io.gatehouse.shared.audit.EventType;
import io.gatehouse.shared.resource.Kind;
import io.gatehouse.shared.resource.Metadata;
import io.gatehouse.shared.resource.Resource;
import io.gatehouse.shared.resource.Resources;
import io.gatehouse.shared.resource.UserSpec;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hibernate.LockMode;
import org.hibernate.reactive.mutiny.Mutiny;

/** Admin operations on local users: add with an invite, reset to a fresh invite, unlock. */
@ApplicationScoped
public class UserService {
    private final Mutiny.SessionFactory sessions;
    private final Authorizer authorizer;
    private final ResourceStore store;
    private final ResourceRules rules;
    private final InviteService invites;
    private final AuditLog audit;
    private final Clock clock;

    public UserService(Mutiny.SessionFactory sessions, Authorizer authorizer, ResourceStore store, ResourceRules rules,
            InviteService invites, AuditLog audit, Clock clock) {
        this.sessions = sessions;
        this.authorizer = authorizer;
        this.store = store;
        this.rules = rules;
        this.invites = invites;
        this.audit = audit;
        this.clock = clock;
    }

    public Uni<InviteResponse> create(Caller caller, CreateUserRequest request) {
        Resource<UserSpec> user = toResource(request);
        return authorizer.require(caller, Kind.USER.id(), "create")
                .flatMap(x -> sessions.withTransaction(s -> rules.checkBeforeWrite(s, user)
                        .flatMap(y -> store.insert(s, user))
                        .flatMap(stored -> stored.isEmpty()
                                ? Uni.createFrom().failure(ApiException.alreadyExists("user '" + user.name()
                                        + "' already exists; use gatectl users reset " + user.name()
                                        + " for a new signup link"))
                                : invites.create(s, user.name()))
                        .call(invite -> audit.record(s, AuditEvent.success(EventType.USER_CREATE, caller.name(),
                                "user/" + user.name(), Map.of("roles", user.spec().roles(), "invite_expires",
                                        invite.expires().toString()))))));
    }

    /** Clears password, second factor and lockout; the user signs up again through the new link. */
    public Uni<InviteResponse> reset(Caller caller, String name) {
        return authorizer.require(caller, Kind.USER.id(), "update")
                .flatMap(x -> sessions.withTransaction(s -> store.get(s, Kind.USER, name)
                        .flatMap(found -> found.isEmpty()
                                ? Uni.createFrom().failure(ApiException.notFound("user '" + name
                                        + "' not found; list users with gatectl users ls"))
                                : s.createMutationQuery("delete from UserCredentials where username = :u")
                                        .setParameter("u", name).executeUpdate()
                                        .flatMap(n -> invites.create(s, name)))
                        .call(invite -> audit.record(s, AuditEvent.success(EventType.USER_RESET, caller.name(),
                                "user/" + name, Map.of())))));
    }

    /** What unlock did: whether the account was locked (a lock already over counts as not locked). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Unlocked(String username, boolean wasLocked, int failedAttemptsCleared) {
    }

    /**
     * Ends a lockout early and clears the failure count; the password and second factor stay, so
     * the user logs in as before (unlike reset, which makes them sign up again).
     */
    public Uni<Unlocked> unlock(Caller caller, String name) {
        return authorizer.require(caller, Kind.USER.id(), "update")
                .flatMap(x -> sessions.withTransaction(s -> store.get(s, Kind.USER, name).flatMap(found -> {
                    if (found.isEmpty()) {
                        return Uni.createFrom().failure(ApiException.notFound("user '" + name
                                + "' not found; list users with gatectl users ls"));
                    }
                    return s.find(UserCredentials.class, name, LockMode.PESSIMISTIC_WRITE).flatMap(creds -> {
                        OffsetDateTime now = OffsetDateTime.now(clock);
                        boolean locked = creds != null && creds.lockedUntil != null && creds.lockedUntil.isAfter(now);
                        int cleared = creds == null ? 0 : creds.failedAttempts;
                        if (creds != null) {
                            creds.lockedUntil = null;
                            creds.failedAttempts = 0;
                            creds.updatedAt = now;
                        }
                        return audit.record(s, AuditEvent.success(EventType.USER_UNLOCK, caller.name(),
                                "user/" + name, Map.of("was_locked", locked, "failed_attempts_cleared", cleared)))
                                .replaceWith(new Unlocked(name, locked, cleared));
                    });
                })));
    }

    private static Resource<UserSpec> toResource(CreateUserRequest request) {
        if (request == null || request.name() == null) {
            throw ApiException.invalid("a user needs a name: gatectl users add NAME --roles=R1,R2");
        }
        Map<String, List<String>> traits = new LinkedHashMap<>(request.traits() == null ? Map.of() : request.traits());
        if (request.logins() != null && !request.logins().isEmpty()) {
            traits.put("logins", List.copyOf(request.logins()));
        }
        List<String> roles = request.roles() == null ? List.of() : request.roles();
        Resource<UserSpec> user = new Resource<>(Kind.USER, "v1",
                new Metadata(request.name(), Map.of(), "", Optional.empty(), 0),
                new UserSpec(roles, traits, "local"));
        Resources.validate(user);
        return user;
    }
}
