package io.gatehouse.proxy.sso;

import io.gatehouse.shared.api.SsoDto;
import io.quarkus.oidc.OidcRequestContext;
import io.quarkus.oidc.OidcTenantConfig;
import io.quarkus.oidc.TenantConfigResolver;
import io.quarkus.oidc.runtime.OidcTenantConfig.ApplicationType;
import io.quarkus.oidc.runtime.OidcTenantConfig.TokenStateManager.Strategy;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One OIDC tenant per oidc_connector, built at run time. {@code /v1/webapi/sso/{name}/login}
 * names the connector; the shared callback is matched to the login that started it by Quarkus's
 * state cookie {@code q_auth_{tenant}_{state}}; every other path gets a disabled tenant, so OIDC
 * never redirects or refuses anything else the proxy serves.
 */
@ApplicationScoped
public class SsoTenantResolver implements TenantConfigResolver {
    static final String PREFIX = "/v1/webapi/sso/";
    static final String CALLBACK = PREFIX + "callback";
    /** Where Quarkus keeps the tenant it chose from the cookies (OidcUtils.TENANT_ID_ATTRIBUTE). */
    static final String TENANT_ID_ATTRIBUTE = "tenant-id";
    /** Connector names are cookie-name parts; Quarkus splits those on '_'. */
    static final String NAME = "[a-z0-9-]{1,40}";
    private static final OidcTenantConfig DISABLED = OidcTenantConfig.builder().tenantId("no-sso").disableTenant()
            .build();

    private final SsoConnectors connectors;
    /** The same connector gives the same config instance: Quarkus keeps one context per instance. */
    private final Map<String, Built> built = new ConcurrentHashMap<>();

    private record Built(SsoDto.Connector source, OidcTenantConfig config) {
    }

    public SsoTenantResolver(SsoConnectors connectors) {
        this.connectors = connectors;
    }

    @Override
    public Uni<OidcTenantConfig> resolve(RoutingContext rc, OidcRequestContext<OidcTenantConfig> blocking) {
        String path = rc.normalizedPath();
        if (!path.startsWith(PREFIX) || path.endsWith("/error") || path.equals(PREFIX + "connectors")) {
            return Uni.createFrom().item(DISABLED);
        }
        String name = path.equals(CALLBACK) ? tenantOfCallback(rc) : connectorInPath(path);
        if (name == null || !name.matches(NAME)) {
            return Uni.createFrom().item(DISABLED);
        }
        return blocking.runBlocking(() -> configFor(rc, name));
    }

    private static String connectorInPath(String path) {
        String rest = path.substring(PREFIX.length());
        int slash = rest.indexOf('/');
        return slash > 0 ? rest.substring(0, slash) : null;
    }

    /**
     * The tenant whose state cookie carries the callback's state: Quarkus's own choice is the first
     * q_auth_ cookie it finds, wrong when one browser started two logins.
     */
    static String tenantOfCallback(RoutingContext rc) {
        String state = rc.request().getParam("state");
        if (state != null && state.matches("[0-9a-f-]{36}")) {
            String suffix = "_" + state;
            for (var cookie : rc.request().cookies()) {
                String n = cookie.getName();
                if (n.startsWith("q_auth_") && n.endsWith(suffix) && n.length() > 7 + suffix.length()) {
                    String tenant = n.substring(7, n.length() - suffix.length());
                    rc.put(TENANT_ID_ATTRIBUTE, tenant);
                    return tenant;
                }
            }
        }
        return rc.get(TENANT_ID_ATTRIBUTE);
    }

    private OidcTenantConfig configFor(RoutingContext rc, String name) {
        var connector = connectors.find(name);
        if (connector.isEmpty()) {
            return DISABLED;
        }
        Built before = built.get(name);
        if (before != null && before.source().equals(connector.get())) {
            return before.config();
        }
        OidcTenantConfig config = build(connector.get());
        built.put(name, new Built(connector.get(), config));
        if (before != null) {
            // Edited (issuer, secret...): Quarkus must discover again, not only swap the config.
            rc.put("replace-tenant-configuration-context", "true");
        }
        return config;
    }

    static OidcTenantConfig build(SsoDto.Connector c) {
        return OidcTenantConfig.builder()
                .tenantId(c.name())
                .applicationType(ApplicationType.WEB_APP)
                .authServerUrl(c.issuerUrl())
                .clientId(c.clientId())
                .credentials(c.clientSecret())
                // A provider that is down must not hold the user's click for long (see OidcTimeouts).
                .connectionDelay(Duration.ZERO)
                .connectionRetryCount(1)
                .connectionTimeout(Duration.ofSeconds(3))
                .authentication()
                    .redirectPath(c.redirectUrl())
                    .restorePathAfterRedirect(true)
                    .removeRedirectParameters(true)
                    .pkceRequired(true)
                    .nonceRequired(true)
                    .scopes(c.scopes().stream().filter(s -> !s.equals("openid")).toList())
                    .cookiePath("/v1/webapi/sso")
                    .javaScriptAutoRedirect(false)
                    .errorPath(PREFIX + c.name() + "/error")
                    .end()
                .tokenStateManager().strategy(Strategy.ID_TOKEN).end()
                // Only tokens whose signature verifies with the provider's keys; no introspection fallback.
                .token().allowJwtIntrospection(false).end()
                .build();
    }
}
