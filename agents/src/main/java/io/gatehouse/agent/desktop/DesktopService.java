package io.gatehouse.agent.desktop;

import io.gatehouse.agent.ssh.RoleSource;
import io.gatehouse.rdp.ServerTrust;
import io.gatehouse.shared.api.InventoryHeartbeat;
import io.gatehouse.shared.desktop.ServerFrame;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.subsystem.SubsystemFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's Desktop Service: the desktops from its config, announced to auth by heartbeat, and
 * served as the SSH subsystem {@value #SUBSYSTEM} to the proxy (docs/desktop-protocol.md).
 */
public final class DesktopService implements SubsystemFactory {
    public static final String SUBSYSTEM = "gatehouse-desktop";
    /** The SSH login of a desktop session: no Unix account can have it, and it opens nothing else. */
    public static final String LOGIN = "-desktop";
    private static final Logger LOG = LoggerFactory.getLogger(DesktopService.class);

    private final List<DesktopConfig> desktops;
    private final RoleSource roles;
    private final DesktopAudit audit;
    private final Optional<Path> recordings;
    private final int encoding;

    public DesktopService(List<DesktopConfig> desktops, RoleSource roles, DesktopAudit audit,
            Optional<Path> recordings) {
        this.desktops = List.copyOf(desktops);
        desktops.stream().filter(d -> d.trust() instanceof ServerTrust.InsecureSkipVerify).forEach(d -> LOG.warn(
                "desktop '{}': tls.insecure_skip_verify is set: the agent does NOT check that {} is the desktop, and"
                + " sends its passwords to whatever answers there; pin its certificate (tls.fingerprint) instead",
                d.name(), d.addr()));
        this.roles = roles;
        this.audit = audit;
        this.recordings = recordings;
        // PNG by default: measured smaller than zlib'd RGBA for desktops (bench/desktop.sh); switchable to compare.
        this.encoding = "zlib".equals(System.getenv("GATEHOUSE_DESKTOP_TILES")) ? ServerFrame.ENCODING_ZLIB_RGBA
                : ServerFrame.ENCODING_PNG;
    }

    public List<DesktopConfig> desktops() {
        return desktops;
    }

    @Override
    public String getName() {
        return SUBSYSTEM;
    }

    @Override
    public Command createSubsystem(ChannelSession channel) {
        return new DesktopSession(desktops, roles, audit, recordings, System::getenv, encoding);
    }

    /** What the agent heartbeats for this service: each desktop, with the address the agent dials. */
    public List<InventoryHeartbeat.Entry> announced() {
        return desktops.stream().map(d -> new InventoryHeartbeat.Entry(d.name(), d.labels(), Map.of("addr",
                d.addr()))).toList();
    }
}
