package io.gatehouse.shared.rbac;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.shared.cert.UserIdentity;
import io.gatehouse.shared.resource.Resource;
import io.gatehouse.shared.resource.Resources;
import io.gatehouse.shared.resource.RoleSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CachedRoleFetchTest {
    private static final Resource<RoleSpec> DBA = Resources.parseYaml("""
            kind: role
            version: v1
            metadata: {name: dba}
            spec:
              allow:
                db_labels: {"*": "*"}
                db_users: [app]
            """, "test").get(0).as(RoleSpec.class);

    /** Auth as a map of roles, counting the questions; {@code down} makes every question Unavailable. */
    private static final class FakeAuth implements CertificateRoles.Fetch {
        final Map<String, Resource<RoleSpec>> roles = new HashMap<>(Map.of("dba", DBA));
        final AtomicInteger calls = new AtomicInteger();
        volatile boolean down;

        @Override
        public Optional<Resource<RoleSpec>> role(String name) {
            calls.incrementAndGet();
            if (down) {
                throw new CertificateRoles.Unavailable("auth is unreachable");
            }
            return Optional.ofNullable(roles.get(name));
        }
    }

    private static final class TestClock extends Clock {
        Instant now = Instant.parse("2026-12-07T10:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final FakeAuth auth = new FakeAuth();
    private final TestClock clock = new TestClock();
    private final CachedRoleFetch cached = new CachedRoleFetch(auth, clock);

    @Test
    void aRoleAskedForAgainWithinTheTtlIsNotFetchedAgain() {
        assertEquals(Optional.of(DBA), cached.role("dba"));
        clock.advance(CachedRoleFetch.TTL.minusMillis(1));
        assertEquals(Optional.of(DBA), cached.role("dba"));
        assertEquals(1, auth.calls.get());
    }

    @Test
    void aRoleDeletedInAuthStopsWorkingOnceTheTtlHasPassed() {
        CertificateRoles roles = new CertificateRoles(cached);
        UserIdentity alice = user("dba");
        assertTrue(roles.checkerFor(alice).refusal().isEmpty());
        auth.roles.remove("dba");
        clock.advance(CachedRoleFetch.TTL);
        assertTrue(roles.checkerFor(alice).refusal().orElseThrow().contains("no longer exists"));
        assertEquals(2, auth.calls.get());
    }

    @Test
    void authBeingUnavailableIsNeverRemembered() {
        auth.down = true;
        assertThrows(CertificateRoles.Unavailable.class, () -> cached.role("dba"));
        assertThrows(CertificateRoles.Unavailable.class, () -> cached.role("dba"));
        assertEquals(2, auth.calls.get(), "each decision asks auth again while it is away");
        auth.down = false;
        assertEquals(Optional.of(DBA), cached.role("dba"), "the first answer after the outage is used at once");
    }

    @Test
    void anOutageAfterTheTtlRefusesRatherThanServingTheOldAnswer() {
        assertEquals(Optional.of(DBA), cached.role("dba"));
        auth.down = true;
        clock.advance(CachedRoleFetch.TTL);
        assertThrows(CertificateRoles.Unavailable.class, () -> cached.role("dba"));
        clock.advance(Duration.ofMillis(-1)); // even a clock stepping back does not revive it
        assertThrows(CertificateRoles.Unavailable.class, () -> cached.role("dba"));
    }

    @Test
    void aRoleThatDoesNotExistIsRefusedWithoutAskingAuthEachTime() {
        assertEquals(Optional.empty(), cached.role("gone"));
        assertEquals(Optional.empty(), cached.role("gone"));
        assertEquals(1, auth.calls.get());
    }

    @Test
    void aClockSteppingBackMakesAnAnswerStale() {
        cached.role("dba");
        clock.advance(Duration.ofHours(-1));
        cached.role("dba");
        assertEquals(2, auth.calls.get());
    }

    @Test
    void concurrentMissesOfOneRoleShareOneCallToAuth() throws Exception {
        CountDownLatch asked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        CachedRoleFetch slow = new CachedRoleFetch(name -> {
            calls.incrementAndGet();
            asked.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Optional.of(DBA);
        }, clock);
        List<Thread> threads = new ArrayList<>();
        List<Optional<Resource<RoleSpec>>> answers = java.util.Collections.synchronizedList(new ArrayList<>());
        threads.add(Thread.ofVirtual().start(() -> answers.add(slow.role("dba"))));
        assertTrue(asked.await(10, TimeUnit.SECONDS));
        for (int i = 0; i < 7; i++) {
            threads.add(Thread.ofVirtual().start(() -> answers.add(slow.role("dba"))));
        }
        Thread.sleep(50); // the others find the call in flight
        release.countDown();
        for (Thread t : threads) {
            t.join(10_000);
        }
        assertEquals(8, answers.size());
        assertTrue(answers.stream().allMatch(a -> a.equals(Optional.of(DBA))));
        assertEquals(1, calls.get());
    }

    @Test
    void callersWaitingOnAFailedCallAreRefusedToo() throws Exception {
        CountDownLatch asked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CachedRoleFetch failing = new CachedRoleFetch(name -> {
            asked.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new CertificateRoles.Unavailable("auth is unreachable");
        }, clock);
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        Runnable ask = () -> {
            try {
                failing.role("dba");
            } catch (CertificateRoles.Unavailable e) {
                failures.add(e);
            }
        };
        Thread first = Thread.ofVirtual().start(ask);
        assertTrue(asked.await(10, TimeUnit.SECONDS));
        Thread second = Thread.ofVirtual().start(ask);
        Thread.sleep(50);
        release.countDown();
        first.join(10_000);
        second.join(10_000);
        assertEquals(2, failures.size(), "both refused: nobody is handed an answer auth did not give");
    }

    private static UserIdentity user(String... roles) {
        return new UserIdentity("alice", List.of(roles), Map.of(), List.of(), Instant.parse("2026-12-07T00:00:00Z"),
                Instant.parse("2026-12-08T00:00:00Z"), Map.of(), false, false, Optional.empty());
    }
}
