package io.gatehouse.proxy.sso;

import io.gatehouse.proxy.authclient.AuthConnection;
import io.gatehouse.shared.api.ApiPaths;
import io.gatehouse.shared.api.SsoDto;
import io.gatehouse.shared.api.client.AuthCallException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The cluster's OIDC connectors as auth has them, re-read at most every few seconds (an admin's
 * change takes effect at the next login click). Blocking: call it off the event loop.
 */
@ApplicationScoped
public class SsoConnectors {
    static final long FRESH_MS = 5_000;
    private static final Logger LOG = Logger.getLogger(SsoConnectors.class);

    private final AuthConnection connection;
    private volatile List<SsoDto.Connector> cached = List.of();
    private volatile long readAt;

    public SsoConnectors(AuthConnection connection) {
        this.connection = connection;
    }

    public List<SsoDto.Connector> all() {
        long now = System.currentTimeMillis();
        if (now - readAt > FRESH_MS) {
            try {
                cached = connection.auth().get(ApiPaths.SSO_CONNECTORS, SsoDto.Connectors.class).connectors();
                readAt = now;
            } catch (AuthCallException e) {
                LOG.warnf("cannot read SSO connectors from auth (%s); using the last known %d", e.getMessage(),
                        cached.size());
            }
        }
        return cached;
    }

    public Optional<SsoDto.Connector> find(String name) {
        return all().stream().filter(c -> c.name().equals(name)).findFirst();
    }
}
