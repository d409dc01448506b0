package io.gatehouse.agent.desktop;

import io.gatehouse.agent.config.AgentConfig;
import io.gatehouse.agent.service.AgentContext;
import io.gatehouse.agent.service.AgentService;
import io.gatehouse.agent.service.Announcement;
import java.util.List;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;

/**
 * The Desktop Service as one of the agent's services: enabled by a non-empty {@code desktops:}
 * section, which it checks when it starts (a mistake there fails this service, not the agent);
 * heartbeats its desktops as kind "desktop" and serves the SSH subsystem {@value DesktopService#SUBSYSTEM}.
 */
public final class DesktopAgentService implements AgentService {
    private final AgentConfig.Section section;
    private volatile DesktopService desktops;

    public DesktopAgentService(AgentConfig.Section section) {
        this.section = section;
    }

    @Override
    public String name() {
        return "desktop";
    }

    @Override
    public void start(AgentContext context) {
        List<DesktopConfig> configs = DesktopConfig.parse(section.file(), section.yaml());
        desktops = new DesktopService(configs, context.roles()::checkerFor, new DesktopAudit(
                context.config().nodeName(), context.audit(), context.clock()), context.recordings());
    }

    @Override
    public List<Announcement> announcements() {
        return List.of(new Announcement("desktop", desktops::announced));
    }

    @Override
    public List<String> subsystems() {
        return List.of(DesktopService.SUBSYSTEM);
    }

    @Override
    public Command openSubsystem(String subsystem, ChannelSession channel) {
        return desktops.createSubsystem(channel);
    }

    @Override
    public void stop() {
        // Nothing to release: each desktop session holds its own connection and ends with its channel.
    }
}
