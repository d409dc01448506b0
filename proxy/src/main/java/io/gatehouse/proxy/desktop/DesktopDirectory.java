package io.gatehouse.proxy.desktop;

import io.gatehouse.proxy.authclient.AuthConnection;
import io.gatehouse.proxy.inventory.InventoryCache;
import io.gatehouse.proxy.tunnel.TunnelService;
import io.gatehouse.shared.resource.DesktopSpec;
import io.gatehouse.shared.resource.Kind;
import io.gatehouse.shared.resource.Resource;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The desktops agents announce (auth's inventory, through the kind's InventoryCache). A desktop
 * is online while its heartbeat lives and its agent's tunnel is here.
 */
@Singleton
public class DesktopDirectory {
    /** A desktop and the agent (host id) that serves it. */
    public record Desktop(String name, Map<String, String> labels, String hostId, Instant expires) {
        boolean alive(Instant now) {
            return expires.isAfter(now);
        }
    }

    private final TunnelService tunnels;
    private final Clock clock = Clock.systemUTC();
    private final InventoryCache<DesktopSpec, Desktop> desktops;

    public DesktopDirectory(AuthConnection connection, TunnelService tunnels) {
        this.tunnels = tunnels;
        this.desktops = new InventoryCache<>(connection::api, Kind.DESKTOP, DesktopSpec.class,
                DesktopDirectory::desktop, clock);
    }

    /** By name only: a desktop is never addressed by its agent's host id. */
    public Optional<Desktop> find(String name) {
        return desktops.byName(name);
    }

    /** Every desktop, online or not, sorted by name. */
    public List<Desktop> all() {
        return desktops.all();
    }

    public boolean online(Desktop d) {
        return d.alive(clock.instant()) && tunnels.registry().find(d.hostId()).isPresent();
    }

    private static Desktop desktop(Resource<DesktopSpec> d) {
        return new Desktop(d.name(), d.metadata().labels(), d.spec().hostId(), d.metadata().expires()
                .orElse(Instant.MAX));
    }
}
