package io.gatehouse.proxy.db;

import io.gatehouse.proxy.audit.RefusalAudit;
import io.gatehouse.proxy.authclient.AuthConnection;
import io.gatehouse.proxy.db.mysql.MysqlFront;
import io.gatehouse.proxy.db.postgres.CancelKeys;
import io.gatehouse.proxy.db.postgres.PostgresFront;
import io.gatehouse.proxy.rbac.RoleResolver;
import io.gatehouse.proxy.routing.Route;
import io.gatehouse.proxy.routing.RouteSource;
import io.gatehouse.proxy.routing.WebTls;
import io.gatehouse.proxy.service.UserCaTrust;
import io.gatehouse.proxy.service.UserTls;
import io.gatehouse.shared.routing.TlsRouting;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * The web port's database routes (gatehouse-postgres, gatehouse-mysql) for the TLS router: the
 * PostgreSQL and MySQL fronts over one DbGate, terminating TLS with the proxy's certificate and
 * asking clients for one from the user CA.
 */
@Singleton
public class DbFronts implements RouteSource {
    private final AuthConnection connection;
    private final DbDirectory dbs;
    private final RoleResolver roles;
    private final RefusalAudit refusals;
    private final CancelKeys cancelKeys = new CancelKeys();

    public DbFronts(AuthConnection connection, DbDirectory dbs, RoleResolver roles, RefusalAudit refusals) {
        this.connection = connection;
        this.dbs = dbs;
        this.roles = roles;
        this.refusals = refusals;
    }

    /** The routes by ALPN name; reads the proxy's identity (call once the proxy has joined). */
    @Override
    public Map<String, Route> routes() throws Exception {
        SSLContext tls = UserTls.of(WebTls.keyStore(connection), new UserCaTrust(() -> UserTls.userCas(connection)));
        DbGate gate = new DbGate(dbs, roles::rolesOf, refusals::refusedDatabase, tls, Clock.systemUTC());
        Map<String, Route> routes = new LinkedHashMap<>();
        routes.put(TlsRouting.POSTGRES, new Route.Stream(new PostgresFront(gate, cancelKeys), Optional.of(tls)));
        routes.put(TlsRouting.MYSQL, new Route.Stream(new MysqlFront(gate), Optional.of(tls)));
        return routes;
    }
}
