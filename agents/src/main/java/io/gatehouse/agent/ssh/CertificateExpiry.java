package io.gatehouse.agent.ssh;

import io.gatehouse.shared.cert.UserIdentity;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
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
 * Ends an SSH session when the certificate it logged in with expires: a certificate from an
 * access request lasts only as long as the request, so elevated access must not outlive it on a
 * connection opened in time (sshd checks validity only at login). The client hears why, as
 * OpenSSH prints a disconnect's reason: "Gatehouse: your certificate expired at 14:35 UTC ...".
 */
final class CertificateExpiry implements SessionListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CertificateExpiry.class);
    private static final AttributeKey<ScheduledFuture<?>> TIMER = new AttributeKey<>();
    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    private final Clock clock;
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("certificate-expiry").daemon().factory());

    CertificateExpiry(Clock clock) {
        this.clock = clock;
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
        session.setAttribute(TIMER, timers.schedule(() -> end(session, user), delay, TimeUnit.MILLISECONDS));
    }

    private static void end(Session session, UserIdentity user) {
        if (!session.isOpen()) {
            return;
        }
        String why = "Gatehouse: the certificate of " + user.username() + " expired at "
                + HH_MM.format(user.expires()) + " UTC" + user.activeRequest().map(r -> " (with access request "
                + r + ")").orElse("") + "; this session is closed. Log in again (or request access again)";
        LOG.info("closing the SSH session of {}: its certificate expired", user.username());
        try {
            session.disconnect(SshConstants.SSH2_DISCONNECT_BY_APPLICATION, why);
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
    }

    @Override
    public void close() {
        timers.shutdownNow();
    }
}
