package io.gatehouse.proxy.db;

import io.gatehouse.proxy.authclient.AuthConnection;
import io.gatehouse.proxy.inventory.InventoryCache;
import io.gatehouse.proxy.tunnel.TunnelService;
import io.gatehouse.shared.resource.DbSpec;
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
 * The databases agents announce (auth's inventory, through the kind's InventoryCache). A database
 * is online while its heartbeat lives and the tunnel of the agent serving it is here.
 */
@Singleton
public class DbDirectory implements DbGate.Databases {
    /** A database and the agent (host id) that serves it. */
    /** {@code loginUser}: the only database user its agent logs in as (password auth), or empty. */
    public record Db(String name, Map<String, String> labels, String protocol, String uri, String hostId,
            Instant expires, String loginUser) {
        public Db {
            labels = Map.copyOf(labels);
        }

        public Db(String name, Map<String, String> labels, String protocol, String uri, String hostId,
                Instant expires) {
            this(name, labels, protocol, uri, hostId, expires, "");
        }

        boolean alive(Instant now) {
            return expires.isAfter(now);
        }
    }

    private final TunnelService tunnels;
    private final Clock clock = Clock.systemUTC();
    private final InventoryCache<DbSpec, Db> dbs;

    public DbDirectory(AuthConnection connection, TunnelService tunnels) {
        this.tunnels = tunnels;
        this.dbs = new InventoryCache<>(connection::api, Kind.DB, DbSpec.class, DbDirectory::db, clock);
    }

    /** By name only: a database is never addressed by its agent's host id. */
    @Override
    public Optional<Db> find(String name) {
        return dbs.byName(name);
    }

    /** Every database, online or not, sorted by name. */
    public List<Db> all() {
        return dbs.all();
    }

    @Override
    public boolean online(Db d) {
        return d.alive(clock.instant()) && tunnels.registry().find(d.hostId()).isPresent();
    }

    /** The SSH session of the serving agent's tunnel, where its service channels open. */
    @Override
    public Optional<Session> tunnel(Db d) {
        return tunnels.registry().find(d.hostId()).map(t -> t.owner()).filter(Session.class::isInstance)
                .map(Session.class::cast);
    }

    private static Db db(Resource<DbSpec> d) {
        return new Db(d.name(), d.metadata().labels(), d.spec().protocol(), d.spec().uri(), d.spec().hostId(),
                d.metadata().expires().orElse(Instant.MAX), d.spec().loginUser());
    }
}
