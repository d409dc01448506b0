package io.gatehouse.proxy.sso;

import io.gatehouse.proxy.authclient.AuthConnection;
import io.gatehouse.shared.api.ApiPaths;
import io.gatehouse.shared.api.SsoDto;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.jboss.logging.Logger;

/**
 * A failed SSO round trip: reported to auth's audit log (off the request's thread; the user does
 * not wait for it) and answered with the login page and a message for the person.
 */
@ApplicationScoped
public class SsoFailures {
    private static final Logger LOG = Logger.getLogger(SsoFailures.class);

    private final AuthConnection connection;

    public SsoFailures(AuthConnection connection) {
        this.connection = connection;
    }

    public void report(String connector, String reason, String remoteAddr) {
        LOG.infof("SSO login through '%s' from %s failed: %s", connector, remoteAddr, reason);
        Thread.ofVirtual().name("sso-failure-audit").start(() -> {
            try {
                connection.auth().post(ApiPaths.SSO_FAILURES, new SsoDto.Failure(connector, reason, remoteAddr),
                        com.fasterxml.jackson.databind.JsonNode.class);
            } catch (RuntimeException e) {
                LOG.warnf("could not audit a failed SSO login through '%s': %s", connector, e.getMessage());
            }
        });
    }

    public static URI loginPage(String message) {
        return URI.create("/web/login?sso_error=" + URLEncoder.encode(message, StandardCharsets.UTF_8));
    }
}
