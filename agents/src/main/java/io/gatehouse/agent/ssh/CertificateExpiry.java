package io.gatehouse.agent.ssh;

import io.gatehouse.shared.api.AccessRequestDto;
import io.gatehouse.shared.cert.UserIdentity;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends an SSH session when the access it logged in with ends: the certificate expires (one from
 * an access request lasts only as long as the request), or the access request it carries is
 * cancelled or gone — sshd checks a certificate only at login. Request states are asked of auth
 * in one call every {@link #CHECK} for all open sessions. The client hears why, as OpenSSH prints
 * a disconnect's reason: "Gatehouse: the certificate of alice expired at 14:35:00 UTC ...".
 */
final class CertificateExpiry implements SessionListener, AutoCloseable {
    static final Duration CHECK = Duration.ofSeconds(10);
    private static final Logger LOG = LoggerFactory.getLogger(CertificateExpiry.class);
    private static final AttributeKey<ScheduledFuture<?>> TIMER = new AttributeKey<>();
    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    /** Where access requests stand, from auth (one call for many ids). */
    @FunctionalInterface
    interface RequestStates {
        List<AccessRequestDto.StateView> of(List<String> ids);
    }

    private final Clock clock;
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("certificate-expiry").daemon().factory());
    private final Map<String, Set<Session>> byRequest = new ConcurrentHashMap<>();
    private volatile RequestStates states;

    CertificateExpiry(Clock clock) {
        this.clock = clock;
    }

    /** Starts checking the access requests of open sessions with {@code source}. */
    void checkRequestsWith(RequestStates source) {
        states = source;
        timers.scheduleWithFixedDelay(this::checkRequests, CHECK.toMillis(), CHECK.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void sessionEvent(Session session, Event event) {
        if (event != Event.Authenticated || session.getAttribute(TIMER) != null) {
            return;
        }
        UserIdentity user = session.getAttribute(UserCertificateAuthenticator.USER);
        if (user == null) {
            return;
        }
        long delay = Math.max(0, Duration.between(clock.instant(), user.expires()).toMillis());
        // Worded as the proxy words it for browser connections (SessionWatch), which relay this text.
        String why = user.activeRequest().map(r -> "your access request " + r + " expired at " + HH_MM.format(
                user.expires()) + " UTC: this session used its roles and is closed; request access again to continue")
                .orElse("the certificate of " + user.username() + " expired at " + HH_MM.format(user.expires())
                        + " UTC; this session is closed. Log in again");
        session.setAttribute(TIMER, timers.schedule(() -> end(session, why), delay, TimeUnit.MILLISECONDS));
        user.activeRequest().ifPresent(r -> byRequest.computeIfAbsent(r, k -> ConcurrentHashMap.newKeySet())
                .add(session));
    }

    private void checkRequests() {
        RequestStates source = states;
        if (source == null || byRequest.isEmpty()) {
            return;
        }
        try {
            for (AccessRequestDto.StateView s : source.of(List.copyOf(byRequest.keySet()))) {
                if (!s.inForce(clock.instant())) {
                    Set<Session> ending = byRequest.remove(s.id());
                    if (ending != null) {
                        ending.forEach(session -> end(session, "your access request " + s.id() + " was " + s.state()
                                + ": this session used its roles and is closed; request access again to continue"));
                    }
                }
            }
        } catch (RuntimeException e) {
            // Auth unreachable: the next check decides; the certificate's own end still holds.
            LOG.debug("access request states not checked: {}", e.getMessage());
        }
    }

    private static void end(Session session, String why) {
        if (!session.isOpen()) {
            return;
        }
        LOG.info("closing an SSH session: {}", why);
        try {
            session.disconnect(SshConstants.SSH2_DISCONNECT_BY_APPLICATION, "Gatehouse: " + why);
        } catch (java.io.IOException e) {
            session.close(true);
        }
    }

    @Override
    public void sessionClosed(Session session) {
        ScheduledFuture<?> timer = session.getAttribute(TIMER);
        if (timer != null) {
            timer.cancel(false); // a closed session must not stay referenced until its certificate's end
        }
        UserIdentity user = session.getAttribute(UserCertificateAuthenticator.USER);
        if (user != null) {
            user.activeRequest().ifPresent(r -> byRequest.computeIfPresent(r, (k, set) -> {
                set.remove(session);
                return set.isEmpty() ? null : set;
            }));
        }
    }

    @Override
    public void close() {
        timers.shutdownNow();
    }
}
