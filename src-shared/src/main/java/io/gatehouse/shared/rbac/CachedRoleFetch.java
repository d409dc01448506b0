package io.gatehouse.shared.rbac;

import io.gatehouse.shared.resource.Resource;
import io.gatehouse.shared.resource.RoleSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

/**
 * Auth's answer for each role, remembered for at most {@link #TTL}, in front of the fetch that asks
 * auth ({@code AuthRoleFetch}). Without it every decision asked auth once per role of the user:
 * two round trips (proxy and agent) and auth's YAML parse on every new database connection, which
 * capped new connections per second. What stays fail-closed:
 * <ul>
 * <li>a role deleted or edited in auth applies within {@link #TTL} at every proxy and agent;</li>
 * <li>"auth cannot say" ({@link CertificateRoles.Unavailable}) is never remembered: the next
 * decision asks again, and is refused again while auth is away;</li>
 * <li>"no such role" is remembered like an answer, so a certificate naming a deleted role is
 * refused without a call to auth each time (a role created again works within {@link #TTL});</li>
 * <li>a clock that steps back makes an answer stale, never older than {@link #TTL} and still fresh.</li>
 * </ul>
 * Callers that miss the same role at the same moment share one call to auth.
 */
public final class CachedRoleFetch implements CertificateRoles.Fetch {
    /**
     * One second: a burst of connections (a pool filling, pgbench -C) asks auth about once per
     * second per role, while an administrator's edit or deletion still applies faster than anyone
     * can try it out. Not configurable: longer would be a real window for a deleted role.
     */
    public static final Duration TTL = Duration.ofSeconds(1);
    /** More distinct role names than a cluster has: past it, everything is forgotten at once. */
    static final int MAX_ENTRIES = 4096;

    private record Answer(Optional<Resource<RoleSpec>> role, Instant fetched) {
    }

    private final CertificateRoles.Fetch auth;
    private final Clock clock;
    private final ConcurrentHashMap<String, Answer> answers = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, CompletableFuture<Answer>> inFlight = new ConcurrentHashMap<>();

    public CachedRoleFetch(CertificateRoles.Fetch auth, Clock clock) {
        this.auth = auth;
        this.clock = clock;
    }

    @Override
    public Optional<Resource<RoleSpec>> role(String name) {
        Answer known = answers.get(name);
        if (known != null && fresh(known, clock.instant())) {
            return known.role();
        }
        CompletableFuture<Answer> mine = new CompletableFuture<>();
        CompletableFuture<Answer> running = inFlight.putIfAbsent(name, mine);
        if (running != null) {
            return awaitOther(name, running);
        }
        try {
            // Timed from the question: the answer may be older than the reply.
            Instant asked = clock.instant();
            Answer fetched = new Answer(auth.role(name), asked);
            if (answers.size() >= MAX_ENTRIES) {
                answers.clear();
            }
            answers.put(name, fetched);
            mine.complete(fetched);
            return fetched.role();
        } catch (RuntimeException e) {
            answers.remove(name); // Unavailable (or a bug): nothing stale stays to be served after it
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inFlight.remove(name, mine);
        }
    }

    private static Optional<Resource<RoleSpec>> awaitOther(String name, CompletableFuture<Answer> running) {
        try {
            return running.get().role();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CertificateRoles.Unavailable("interrupted while auth was asked for role '" + name + "'");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new CertificateRoles.Unavailable(String.valueOf(e.getCause()));
        }
    }

    private static boolean fresh(Answer a, Instant now) {
        return !now.isBefore(a.fetched()) && now.isBefore(a.fetched().plus(TTL));
    }
}
