package io.gatehouse.proxy.sso;

import io.quarkus.arc.Unremovable;
import io.quarkus.oidc.common.OidcEndpoint;
import io.quarkus.oidc.common.OidcRequestFilter;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * quarkus-oidc sets only a connect timeout on its HTTP client: a provider that accepts the
 * connection and never answers would hang discovery, keys and token requests. Every OIDC request
 * gets an idle timeout, so the login page can say "provider not reachable" instead.
 */
@ApplicationScoped
@Unremovable
@OidcEndpoint(value = OidcEndpoint.Type.ALL)
public class OidcTimeouts implements OidcRequestFilter {
    static final long IDLE_TIMEOUT_MS = 5_000;

    @Override
    public Uni<Void> filter(OidcRequestFilterContext ctx) {
        ctx.request().idleTimeout(IDLE_TIMEOUT_MS);
        return Uni.createFrom().voidItem();
    }
}
