package io.gatehouse.auth.login;

import io.gatehouse.auth.api.ApiException;
import io.gatehouse.auth.audit.AuditEvent;
import io.gatehouse.auth.audit.AuditLog;
import io.gatehouse.auth.config.GatehouseConfig;
import io.gatehouse.shared.audit.EventType;
import io.gatehouse.shared.resource.Durations;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Login rate limits, checked before anything costs time (no database read, no bcrypt): per source
 * address and per user name — any name, known or not, so the limit itself reveals nothing. A
 * refused attempt costs a map lookup, so a flood from one place cannot keep bcrypt busy and starve
 * other people's logins. Refusals are audited as one summary per key and minute.
 *
 * <p>The counters live in this auth instance's memory (they are minutes long and rebuilt by the
 * next attempts): with several auth instances behind the proxies, each enforces the limits on its
 * own share of the attempts.
 */
@Singleton
public class LoginRateLimit {
    private static final int MAX_NAME_KEY = 128;

    private final AttemptWindows bySource;
    private final AttemptWindows byUser;
    private final InFlight inFlight;
    private final ThrottledLogins throttled;
    private final Duration window;
    private final AuditLog audit;
    private final Clock clock;

    public LoginRateLimit(GatehouseConfig config, AuditLog audit, Clock clock) {
        GatehouseConfig.LoginLimits limits = config.auth().loginLimits();
        this.window = limits.window();
        this.bySource = new AttemptWindows(limits.perSource(), window, limits.trackedKeys());
        this.byUser = new AttemptWindows(limits.perUser(), window, limits.trackedKeys());
        this.inFlight = new InFlight(limits.concurrentPerSource());
        this.throttled = new ThrottledLogins(Math.max(1, limits.trackedKeys() / 10));
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Runs {@code login} if the limits allow this attempt, or fails with why not (429, with when
     * to retry) without running it.
     */
    public <T> Uni<T> guard(LoginSource source, String username, java.util.function.Supplier<Uni<T>> login) {
        Optional<ApiException> refused = refusal(source, username);
        if (refused.isPresent()) {
            return Uni.createFrom().failure(refused.get());
        }
        if (!inFlight.tryAcquire(source.limitKey())) {
            Instant now = clock.instant();
            throttled.count("source", source.limitKey(), username, source.address(), now);
            return Uni.createFrom().failure(ApiException.retryLater(429, "rate_limited", "another login from "
                    + source.address() + " is being checked right now (at most " + inFlight.max() + " at a time); "
                    + "wait a second and try again", now.plusSeconds(1)));
        }
        return Uni.createFrom().<T>deferred(() -> login.get()).onTermination().invoke(() -> inFlight.release(source.limitKey()));
    }

    /** Counts this attempt, or says why it is refused (429, with when to retry). */
    Optional<ApiException> refusal(LoginSource source, String username) {
        Instant now = clock.instant();
        Optional<Instant> sourceRetry = bySource.attempt(source.limitKey(), now);
        if (sourceRetry.isPresent()) {
            throttled.count("source", source.limitKey(), username, source.address(), now);
            return Optional.of(refused("from " + source.address(), bySource.limit(), sourceRetry.get(), now));
        }
        // Long made-up names would cost memory: beyond 128 characters they share a key (and a limit).
        String name = username.length() > MAX_NAME_KEY ? username.substring(0, MAX_NAME_KEY) : username;
        Optional<Instant> userRetry = byUser.attempt(name, now);
        if (userRetry.isPresent()) {
            throttled.count("user", name, name, source.address(), now);
            return Optional.of(refused("for this user name", byUser.limit(), userRetry.get(), now));
        }
        return Optional.empty();
    }

    private ApiException refused(String where, int limit, Instant retryAt, Instant now) {
        long seconds = Math.max(1, Duration.between(now, retryAt).toSeconds() + 1);
        return ApiException.retryLater(429, "rate_limited", "too many login attempts " + where + " (at most "
                + limit + " every " + Durations.format(window) + "); wait " + seconds + " s and try again", retryAt);
    }

    /** Writes one summary event per throttled source or user name since the last call. */
    @Scheduled(every = "1m", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public Uni<Void> auditRefusals() {
        return Multi.createFrom().iterable(throttled.drain()).onItem().transformToUniAndConcatenate(summary -> {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("limit", summary.limit());
            fields.put("key", summary.key());
            fields.put("refused", summary.refused());
            fields.put("first", summary.first().toString());
            fields.put("last", summary.last().toString());
            fields.put("users", summary.users());
            fields.put("sources", summary.sources());
            String user = summary.users().size() == 1 ? summary.users().get(0) : "";
            return audit.emit(AuditEvent.failure(EventType.USER_LOGIN_THROTTLED, user,
                    user.isEmpty() ? "" : "user/" + user, fields)).onFailure().recoverWithNull();
        }).collect().last().replaceWithVoid();
    }
}
