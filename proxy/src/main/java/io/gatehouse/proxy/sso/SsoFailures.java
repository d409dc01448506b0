package io.gatehouse.proxy.sso;

import io.gatehouse.proxy.authclient.AuthConnection;
import io.gatehouse.shared.api.ApiPaths;
import io.gatehouse.shared.api.SsoDto;
import io.gatehouse.proxy.audit.FloodGuard;
import io.gatehouse.shared.audit.SafeText;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.jboss.logging.Logger;

/**
 * A failed SSO round trip: reported to auth's audit log (off the request's thread; the user does
 * not wait for it) and answered with the login page and a message for the person. These paths
 * need no login, so a source that keeps failing (callbacks without state, forged errors) gets its
 * first few failures per minute reported one by one and the rest as one summary with a count; the
 * caller-chosen text is made safe before it reaches the log.
 */
@ApplicationScoped
public class SsoFailures {
    private static final Logger LOG = Logger.getLogger(SsoFailures.class);

    private final AuthConnection connection;
    private final FloodGuard guard = FloodGuard.perMinute(10);
    private volatile Thread summaries;

    public SsoFailures(AuthConnection connection) {
        this.connection = connection;
    }

    public void report(String connector, String reason, String remoteAddr) {
        if (!guard.admit(FloodGuard.source(remoteAddr))) {
            return;
        }
        LOG.infof("SSO login through '%s' from %s failed: %s", SafeText.of(connector), SafeText.of(remoteAddr),
                SafeText.of(reason));
        Thread.ofVirtual().name("sso-failure-audit").start(() -> send(connector, reason, remoteAddr));
    }

    private void send(String connector, String reason, String remoteAddr) {
        try {
            connection.auth().post(ApiPaths.SSO_FAILURES, new SsoDto.Failure(connector, reason, remoteAddr),
                    com.fasterxml.jackson.databind.JsonNode.class);
        } catch (RuntimeException e) {
            LOG.warnf("could not audit a failed SSO login through '%s': %s", SafeText.of(connector), e.getMessage());
        }
    }

    void start(@Observes StartupEvent event) {
        summaries = Thread.ofVirtual().name("sso-failure-summaries").start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(5_000);
                } catch (InterruptedException e) {
                    return;
                }
                guard.drainEnded().forEach(s -> send("(any)", s.count() + " more failed SSO logins from " + s.source()
                        + " within " + s.window().toSeconds() + " s, summarised", s.source()));
            }
        });
    }

    void stop(@Observes ShutdownEvent event) {
        Thread t = summaries;
        if (t != null) {
            t.interrupt();
        }
    }

    public static URI loginPage(String message) {
        return URI.create("/web/login?sso_error=" + URLEncoder.encode(message, StandardCharsets.UTF_8));
    }
}
