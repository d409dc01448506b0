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
import io.gatehouse.shared.cert.Keys;
import io.gatehouse.shared.routing.TlsRouting;
import jakarta.inject.Singleton;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

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
        SSLContext tls = clientTls(WebTls.keyStore(connection), new UserCaTrust(this::userCas));
        DbGate gate = new DbGate(dbs, roles::rolesOf, refusals::refusedDatabase, tls, Clock.systemUTC());
        Map<String, Route> routes = new LinkedHashMap<>();
        routes.put(TlsRouting.POSTGRES, new Route.Stream(new PostgresFront(gate, cancelKeys), Optional.of(tls)));
        routes.put(TlsRouting.MYSQL, new Route.Stream(new MysqlFront(gate), Optional.of(tls)));
        return routes;
    }

    /** The proxy's key and certificate, trusting {@code clients} for client certificates. */
    public static SSLContext clientTls(java.security.KeyStore proxyKey, UserCaTrust clients) throws Exception {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(proxyKey, new char[0]);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), new TrustManager[] {clients}, null);
        return ctx;
    }

    private List<X509Certificate> userCas() {
        return connection.api().ca("user").tlsCertificates().stream()
                .flatMap(pem -> Keys.parseCertificatesPem(pem).stream()).toList();
    }
}
