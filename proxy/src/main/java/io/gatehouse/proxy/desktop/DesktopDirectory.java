package io.gatehouse.proxy.desktop;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.gatehouse.proxy.authclient.AuthConnection;
import io.gatehouse.proxy.tunnel.TunnelService;
import io.gatehouse.shared.cert.UserIdentity;
import io.gatehouse.shared.rbac.AccessChecker;
import io.gatehouse.shared.resource.DesktopSpec;
import io.gatehouse.shared.resource.Kind;
import io.gatehouse.shared.resource.Resource;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The desktops agents announce (auth's inventory, re-read when a few seconds old), and the view of
 * them a user may see: only desktops with at least one login the user's roles allow, and with
 * those logins. A desktop is online while its heartbeat lives and its agent's tunnel is here.
 */
@Singleton
public class DesktopDirectory {
    static final Duration REFRESH = Duration.ofSeconds(3);

    /** A desktop and the agent (host id) that serves it. */
    public record Desktop(String name, Map<String, String> labels, String hostId, Instant expires) {
        boolean alive(Instant now) {
            return expires.isAfter(now);
        }
    }

    /** A desktop as the resources page lists it; no address: that is the agent's business. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record DesktopView(String name, Map<String, String> labels, boolean online, List<String> logins) {
    }

    private final AuthConnection connection;
    private final TunnelService tunnels;
    private final Clock clock = Clock.systemUTC();
    private volatile List<Desktop> desktops = List.of();
    private volatile Instant readAt = Instant.EPOCH;

    public DesktopDirectory(AuthConnection connection, TunnelService tunnels) {
        this.connection = connection;
        this.tunnels = tunnels;
    }

    public Optional<Desktop> find(String name) {
        Optional<Desktop> found = all().stream().filter(d -> d.name().equals(name)).findFirst();
        if (found.isEmpty() && readAt.plusSeconds(1).isBefore(clock.instant())) {
            found = refresh().stream().filter(d -> d.name().equals(name)).findFirst();
        }
        return found;
    }

    public boolean online(Desktop d) {
        return d.alive(clock.instant()) && tunnels.registry().find(d.hostId()).isPresent();
    }

    /** The logins this user may use on the desktop, sorted; empty if none. */
    public static List<String> logins(Desktop d, AccessChecker roles) {
        return roles.allowedDesktopLogins().stream().filter(login -> roles.checkDesktop(d.name(), d.labels(), login)
                .allowed()).sorted().toList();
    }

    public List<DesktopView> visibleTo(UserIdentity user, AccessChecker roles) {
        List<DesktopView> out = new ArrayList<>();
        for (Desktop d : all()) {
            List<String> logins = logins(d, roles);
            if (!logins.isEmpty()) {
                out.add(new DesktopView(d.name(), d.labels(), online(d), logins));
            }
        }
        return out;
    }

    private List<Desktop> all() {
        if (readAt.plus(REFRESH).isBefore(clock.instant())) {
            return refresh();
        }
        return desktops;
    }

    private synchronized List<Desktop> refresh() {
        List<Desktop> all = new ArrayList<>();
        for (var found = connection.api().list(Kind.DESKTOP, DesktopSpec.class); found.hasNext(); ) {
            Resource<DesktopSpec> d = found.next();
            all.add(new Desktop(d.name(), d.metadata().labels(), d.spec().hostId(), d.metadata().expires()
                    .orElse(Instant.MAX)));
        }
        all.sort(Comparator.comparing(Desktop::name));
        desktops = List.copyOf(all);
        readAt = clock.instant();
        return desktops;
    }
}
