package io.gatehouse.proxy.routing;

import io.gatehouse.proxy.audit.RefusalAudit;
import io.gatehouse.proxy.authclient.AuthConnection;
import io.gatehouse.proxy.config.ProxyConfig;
import io.gatehouse.proxy.sshjump.JumpHostService;
import io.gatehouse.proxy.tunnel.TunnelService;
import io.gatehouse.shared.routing.TlsRouting;
import io.quarkus.arc.All;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.jboss.logging.Logger;

/**
 * Runs the TLS router on the web port once the jump host and the tunnel server run (their
 * StartupEvent observers have the default priority; this one comes after them).
 */
@Singleton
public class RoutingService {
    private static final Logger LOG = Logger.getLogger(RoutingService.class);

    private final AuthConnection connection;
    private final ProxyConfig config;
    private final JumpHostService jumpHost;
    private final TunnelService tunnels;
    private final RefusalAudit refusals;
    private final List<RouteSource> features;
    private TlsRouter router;

    public RoutingService(AuthConnection connection, ProxyConfig config, JumpHostService jumpHost,
            TunnelService tunnels, RefusalAudit refusals, @All List<RouteSource> features) {
        this.features = features;
        this.connection = connection;
        this.config = config;
        this.jumpHost = jumpHost;
        this.tunnels = tunnels;
        this.refusals = refusals;
    }

    /** The Gatehouse protocols the web port serves, for /v1/webapi/ping. */
    public static List<String> served() {
        return List.of(TlsRouting.SSH, TlsRouting.TUNNEL, TlsRouting.POSTGRES, TlsRouting.MYSQL);
    }

    void start(@Observes @Priority(jakarta.interceptor.Interceptor.Priority.APPLICATION + 1000) StartupEvent event)
            throws Exception {
        Map<String, Route> handlers = new LinkedHashMap<>();
        handlers.put(TlsRouting.SSH, new Route.Ssh(jumpHost.connections()));
        handlers.put(TlsRouting.TUNNEL, new Route.Ssh(tunnels.connections()));
        for (RouteSource feature : features) {
            handlers.putAll(feature.routes());
        }
        router = new TlsRouter(new RoutingTable<>(handlers), new InetSocketAddress("127.0.0.1",
                config.webInternalPort()), serverTls(), refusals::refusedConnection, config.webHost(),
                config.webPort(), config.webMaxPending());
        router.start();
        LOG.infof("web port %s:%d routes TLS by ALPN: web UI/API (to 127.0.0.1:%d), %s%s", config.webHost(),
                router.port(), config.webInternalPort(), String.join(", ", handlers.keySet()),
                config.tlsRouting() ? "" : " (not advertised: clients use the separate ports)");
    }

    void stop(@Observes ShutdownEvent event) throws IOException {
        if (router != null) {
            router.close();
        }
    }

    /** The proxy's certificate, as the web listener presents it. */
    private SSLContext serverTls() throws Exception {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(WebTls.keyStore(connection), new char[0]);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
    }
}
