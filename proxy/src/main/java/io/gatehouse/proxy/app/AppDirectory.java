package io.gatehouse.proxy.app;

import io.gatehouse.proxy.authclient.AuthConnection;
import io.gatehouse.proxy.inventory.InventoryCache;
import io.gatehouse.proxy.tunnel.TunnelService;
import io.gatehouse.shared.resource.AppSpec;
import io.gatehouse.shared.resource.Kind;
import io.gatehouse.shared.resource.Resource;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.sshd.common.session.Session;

/**
 * The apps agents announce (auth's inventory, through the kind's InventoryCache). An app is online
 * while its heartbeat lives and the tunnel of the agent serving it is here.
 */
@Singleton
public class AppDirectory implements AppGate.Apps {
    /** An app and the agent (host id) that serves it; the uri stays with the agent. */
    public record App(String name, Map<String, String> labels, String uriKind, String publicAddr, String hostId,
            Instant expires) {
        public App {
            labels = Map.copyOf(labels);
        }
    }

    private final TunnelService tunnels;
    private final Clock clock = Clock.systemUTC();
    private final InventoryCache<AppSpec, App> apps;

    public AppDirectory(AuthConnection connection, TunnelService tunnels) {
        this.tunnels = tunnels;
        this.apps = new InventoryCache<>(connection::api, Kind.APP, AppSpec.class, AppDirectory::app, clock);
    }

    /** By name only: an app is never addressed by its agent's host id. */
    @Override
    public Optional<App> find(String name) {
        return apps.byName(name);
    }

    /** Every app, online or not, sorted by name. */
    public List<App> all() {
        return apps.all();
    }

    @Override
    public boolean online(App a) {
        return a.expires().isAfter(clock.instant()) && tunnels.registry().find(a.hostId()).isPresent();
    }

    /** The SSH session of the serving agent's tunnel, where its service channels open. */
    @Override
    public Optional<Session> tunnel(App a) {
        return tunnels.registry().find(a.hostId()).map(t -> t.owner()).filter(Session.class::isInstance)
                .map(Session.class::cast);
    }

    private static App app(Resource<AppSpec> a) {
        return new App(a.name(), a.metadata().labels(), a.spec().uriKind(), a.spec().publicAddr(), a.spec().hostId(),
                a.metadata().expires().orElse(Instant.MAX));
    }
}
