package io.gatehouse.proxy.browser;

import io.gatehouse.proxy.authclient.AuthConnection;
import io.gatehouse.shared.api.AccessRequestDto;
import io.gatehouse.shared.api.ApiPaths;
import io.gatehouse.shared.api.client.AuthCallException;
import io.vertx.core.Vertx;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * The access requests that open browser connections (web terminals, desktops) were opened under:
 * every {@link #CHECK_MS} this proxy asks auth where all of them stand in one call, and ends the
 * connections of each request that is no longer in force (cancelled, expired, gone). One call per
 * check for the whole proxy, however many connections are open. Auth unreachable keeps them (the
 * next check decides; the certificate's own expiry still ends them, see {@link SessionWatch}).
 */
@Singleton
public class AccessRequestWatch {
    private static final Logger LOG = Logger.getLogger(AccessRequestWatch.class);
    static final long CHECK_MS = 10_000;

    private final AuthConnection connection;
    private final Vertx vertx;
    private final Map<String, Set<Consumer<AccessRequestDto.StateView>>> watched = new ConcurrentHashMap<>();
    private final AtomicBoolean ticking = new AtomicBoolean();
    private final AtomicBoolean checking = new AtomicBoolean();

    public AccessRequestWatch(AuthConnection connection, Vertx vertx) {
        this.connection = connection;
        this.vertx = vertx;
    }

    /**
     * {@code ended} is called once (from a virtual thread) with the request's state when it stops
     * being in force; close the handle when the connection ends first.
     */
    public AutoCloseable watch(String requestId, Consumer<AccessRequestDto.StateView> ended) {
        AtomicBoolean once = new AtomicBoolean();
        Consumer<AccessRequestDto.StateView> callOnce = state -> {
            if (once.compareAndSet(false, true)) {
                ended.accept(state);
            }
        };
        watched.computeIfAbsent(requestId, k -> ConcurrentHashMap.newKeySet()).add(callOnce);
        if (ticking.compareAndSet(false, true)) {
            vertx.setPeriodic(CHECK_MS, id -> {
                if (!watched.isEmpty() && checking.compareAndSet(false, true)) {
                    Thread.ofVirtual().name("access-request-check").start(this::checkNow);
                }
            });
        }
        return () -> watched.computeIfPresent(requestId, (k, set) -> {
            set.remove(callOnce);
            return set.isEmpty() ? null : set;
        });
    }

    /** Where one request stands right now (one call to auth), for a connection the node just ended. */
    public Optional<AccessRequestDto.StateView> stateNow(String requestId) {
        try {
            return connection.auth().post(ApiPaths.ACCESS_REQUEST_STATES, new AccessRequestDto.StatesQuery(
                    List.of(requestId)), AccessRequestDto.States.class).requests().stream().findFirst();
        } catch (AuthCallException e) {
            return Optional.empty();
        }
    }

    /** One question to auth for every watched request; ends the connections of those no longer in force. */
    void checkNow() {
        try {
            List<String> ids = new ArrayList<>(watched.keySet());
            if (ids.isEmpty()) {
                return;
            }
            List<AccessRequestDto.StateView> states = connection.auth().post(ApiPaths.ACCESS_REQUEST_STATES,
                    new AccessRequestDto.StatesQuery(ids), AccessRequestDto.States.class).requests();
            for (AccessRequestDto.StateView state : ended(states, Instant.now())) {
                Set<Consumer<AccessRequestDto.StateView>> ending = watched.remove(state.id());
                if (ending != null) {
                    LOG.infof("access request %s is %s: closing %d browser connection(s) opened under it",
                            state.id(), state.state(), ending.size());
                    ending.forEach(end -> end.accept(state));
                }
            }
        } catch (AuthCallException e) {
            LOG.debugf("access request states not checked (auth: %s); the next check decides", e.getMessage());
        } finally {
            checking.set(false);
        }
    }

    /** The requests no longer in force at {@code now}: not approved, or past their time. */
    static List<AccessRequestDto.StateView> ended(List<AccessRequestDto.StateView> states, Instant now) {
        return states.stream().filter(s -> !s.inForce(now)).toList();
    }
}
