package io.gatehouse.proxy.app;

import io.gatehouse.proxy.audit.RefusalAudit;
import io.gatehouse.proxy.authclient.AuthConnection;
import io.gatehouse.proxy.rbac.RoleResolver;
import io.gatehouse.proxy.routing.Route;
import io.gatehouse.proxy.routing.RouteSource;
import io.gatehouse.proxy.routing.WebTls;
import io.gatehouse.proxy.service.UserCaTrust;
import io.gatehouse.proxy.service.UserTls;
import io.gatehouse.shared.routing.TlsRouting;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * The web port's app routes for the TLS router: gatehouse-app-tcp (TCP apps through gate proxy
 * app), terminating TLS with the proxy's certificate and asking for one from the user CA, as the
 * database routes do. HTTP apps will be served by Host/SNI on the web listener itself.
 */
@Singleton
public class AppRoutes implements RouteSource {
    private final AuthConnection connection;
    private final AppDirectory apps;
    private final RoleResolver roles;
    private final RefusalAudit refusals;

    public AppRoutes(AuthConnection connection, AppDirectory apps, RoleResolver roles, RefusalAudit refusals) {
        this.connection = connection;
        this.apps = apps;
        this.roles = roles;
        this.refusals = refusals;
    }

    @Override
    public Map<String, Route> routes() throws Exception {
        SSLContext tls = UserTls.of(WebTls.keyStore(connection), new UserCaTrust(() -> UserTls.userCas(connection)));
        AppGate gate = new AppGate(apps, roles::rolesOf, refusals::refusedApp);
        return Map.of(TlsRouting.APP_TCP, new Route.Stream(new AppTcpFront(gate, Clock.systemUTC()),
                Optional.of(tls)));
    }
}
