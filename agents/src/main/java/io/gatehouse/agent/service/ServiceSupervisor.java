package io.gatehouse.agent.service;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.sshd.server.channel.ChannelSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the services agent.yaml enables, in order, each on its own: one that throws on start is
 * logged with why, shown FAILED in /readyz, and the others start and keep running (Teleport's
 * supervisor does the same per service). Heartbeats what the running ones announce, routes their
 * SSH subsystems, counts those sessions, and stops the running ones in reverse order.
 */
public final class ServiceSupervisor implements SubsystemRoutes, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceSupervisor.class);

    private final List<AgentService> services;
    /** Makes the loop that heartbeats one announcement (it runs until interrupted). */
    private final Function<Announcement, Runnable> heartbeat;
    private final Map<String, ServiceHealth> health = new LinkedHashMap<>();
    private final Map<String, AtomicInteger> routedSessions = new LinkedHashMap<>();
    private final Map<String, List<Thread>> heartbeats = new LinkedHashMap<>();
    private final List<AgentService> running = new ArrayList<>();

    /** @param services the enabled services, in start order; names must differ */
    public ServiceSupervisor(List<AgentService> services, Function<Announcement, Runnable> heartbeat) {
        this.services = List.copyOf(services);
        this.heartbeat = heartbeat;
        for (AgentService s : this.services) {
            // Starting from the agent's start: services start once auth has given the agent its CAs.
            if (health.put(s.name(), ServiceHealth.starting(s.name())) != null) {
                throw new IllegalArgumentException("two services are named " + s.name());
            }
            routedSessions.put(s.name(), new AtomicInteger());
        }
    }

    /** Starts every service; returns when each is up or has failed. */
    public void startAll(AgentContext context) {
        services.forEach(s -> start(s, context));
    }

    private void start(AgentService service, AgentContext context) {
        String name = service.name();
        setHealth(ServiceHealth.starting(name));
        try {
            service.start(context);
        } catch (Exception | LinkageError e) {
            // LinkageError too: a service whose library is missing must not take the agent down.
            String why = reason(e);
            setHealth(ServiceHealth.failed(name, why));
            LOG.error("the {} service did not start: {}; the agent's other services keep running", name, why);
            return;
        }
        List<Thread> beats = new ArrayList<>();
        for (Announcement a : service.announcements()) {
            beats.add(Thread.ofVirtual().name("heartbeat-" + a.kind()).start(heartbeat.apply(a)));
        }
        synchronized (this) {
            running.add(service);
            heartbeats.put(name, beats);
        }
        setHealth(ServiceHealth.up(name));
        LOG.info("the {} service is up", name);
    }

    /** A person's reason: the message, with the cause's where the message alone says little. */
    static String reason(Throwable e) {
        String message = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName()
                : e.getMessage();
        Throwable cause = e.getCause();
        return cause != null && cause.getMessage() != null && !message.contains(cause.getMessage())
                ? message + ": " + cause.getMessage() : message;
    }

    private synchronized void setHealth(ServiceHealth h) {
        health.put(h.service(), h);
    }

    /** Every enabled service's health, in start order. */
    public synchronized List<ServiceHealth> health() {
        return List.copyOf(health.values());
    }

    /** True when every enabled service is up. */
    public synchronized boolean allUp() {
        return health.values().stream().allMatch(ServiceHealth::up);
    }

    /** Open sessions per service: what the service counts plus its routed subsystem sessions. */
    public synchronized Map<String, Integer> sessions() {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (AgentService s : services) {
            int own = running.contains(s) ? s.sessions() : 0;
            out.put(s.name(), own + routedSessions.get(s.name()).get());
        }
        return out;
    }

    @Override
    public List<String> names() {
        return services.stream().flatMap(s -> s.subsystems().stream()).toList();
    }

    @Override
    public Route open(String name, ChannelSession channel) throws IOException {
        AgentService service = services.stream().filter(s -> s.subsystems().contains(name)).findFirst()
                .orElseThrow(() -> new IOException("no service of this agent serves " + name));
        ServiceHealth h;
        synchronized (this) {
            h = health.get(service.name());
        }
        if (!h.up()) {
            return new Refused("the " + service.name() + " service is not running on this node"
                    + h.problem().map(p -> ": " + p).orElse(" (" + h.state().name().toLowerCase() + ")")
                    + "; an admin sees why in the agent's log and /readyz");
        }
        var command = service.openSubsystem(name, channel);
        AtomicInteger count = routedSessions.get(service.name());
        count.incrementAndGet();
        // Counted by the channel, not the command: whatever kind of command it is, the channel closes.
        channel.addCloseFutureListener(f -> count.decrementAndGet());
        return new Open(command);
    }

    /** Stops the running services in reverse start order; one that fails to stop does not keep others up. */
    @Override
    public void close() {
        List<AgentService> stopping;
        synchronized (this) {
            stopping = new ArrayList<>(running).reversed();
            running.clear();
        }
        for (AgentService s : stopping) {
            synchronized (this) {
                heartbeats.getOrDefault(s.name(), List.of()).forEach(Thread::interrupt);
            }
            try {
                s.stop();
            } catch (Exception e) {
                LOG.warn("the {} service did not stop cleanly: {}", s.name(), reason(e));
            }
            setHealth(ServiceHealth.stopped(s.name()));
            LOG.info("the {} service has stopped", s.name());
        }
    }
}
