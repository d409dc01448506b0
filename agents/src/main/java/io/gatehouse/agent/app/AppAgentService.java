package io.gatehouse.agent.app;

import io.gatehouse.agent.config.AgentConfig;
import io.gatehouse.agent.service.AgentContext;
import io.gatehouse.agent.service.AgentService;
import io.gatehouse.agent.service.Announcement;
import io.gatehouse.agent.service.ForwardedUsers;
import io.gatehouse.agent.service.UserCas;
import io.gatehouse.shared.api.InventoryHeartbeat;
import io.gatehouse.shared.cert.HostIdentity;
import io.gatehouse.shared.cert.IdentityCodec;
import io.gatehouse.shared.tunnel.ServiceChannels;
import io.gatehouse.shared.tunnel.ServiceRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The App Service: enabled by a non-empty {@code apps:} section (checked at start, a mistake fails
 * this service alone), heartbeats its apps as kind "app", and serves the proxy's service channels
 * for "app" on the same path as databases: it verifies the forwarded user certificate and the roles
 * itself ({@link AppAdmission}), then for a tcp:// app dials the upstream and relays bytes. HTTP
 * apps are announced (the Resources page lists them) but served in the browser by a later version.
 */
public final class AppAgentService implements AgentService, ServiceChannels.Server {
    public static final String SERVICE = "app";
    static final Duration DIAL_TIMEOUT = Duration.ofSeconds(10);
    private static final Logger LOG = LoggerFactory.getLogger(AppAgentService.class);

    private final AgentConfig.Section section;
    private final AtomicInteger sessions = new AtomicInteger();
    private volatile Running running;

    /** What a started service works with (all of it fixed at start). */
    public record Running(Map<String, AppConfig> apps, AppAdmission admission, AppAuditTrail audit, Clock clock) {
    }

    public AppAgentService(AgentConfig.Section section) {
        this.section = section;
    }

    @Override
    public String name() {
        return SERVICE;
    }

    @Override
    public void start(AgentContext context) {
        List<AppConfig> apps = AppsConfig.parse(section.file(), section.yaml());
        requireAppRole(IdentityCodec.hostFromX509(context.identity().current().tlsCertificate()));
        start(apps, new AppAdmission(new ForwardedUsers(UserCas.fromAuth(context), context.roles())),
                new AppAuditTrail(context.config().nodeName(), context.audit(), context.clock()), context.clock());
    }

    /** Auth takes app heartbeats only from agents whose certificate carries the app system role. */
    static void requireAppRole(HostIdentity host) {
        if (!host.hasRole(SERVICE)) {
            throw new IllegalStateException("this agent's certificate does not carry the app system role (system "
                    + "roles: " + host.systemRoles() + "), which serving apps needs: it joined with a token for "
                    + String.join(",", host.systemRoles()) + "; join again with a token from gatectl tokens add "
                    + "--type=node,app (delete node.identity in the data_dir first)");
        }
    }

    /** Starts with what {@link #start(AgentContext)} reads from auth (tests give their own). */
    public void start(List<AppConfig> apps, AppAdmission admission, AppAuditTrail audit, Clock clock) {
        Map<String, AppConfig> byName = new LinkedHashMap<>();
        apps.forEach(a -> byName.put(a.name(), a));
        running = new Running(Map.copyOf(byName), admission, audit, clock);
    }

    @Override
    public List<Announcement> announcements() {
        return List.of(new Announcement(SERVICE, this::announced));
    }

    public List<InventoryHeartbeat.Entry> announced() {
        return running.apps().values().stream().map(a -> {
            Map<String, Object> spec = new LinkedHashMap<>();
            spec.put("uri", a.uri());
            if (!a.publicAddr().isEmpty()) {
                spec.put("public_addr", a.publicAddr());
            }
            return new InventoryHeartbeat.Entry(a.name(), a.labels(), spec);
        }).toList();
    }

    @Override
    public int sessions() {
        return sessions.get();
    }

    @Override
    public ServiceChannels.Decision open(ServiceRequest request) {
        Running r = running;
        if (r == null) {
            return new ServiceChannels.Refused("the app service of this agent is not running");
        }
        AppConfig app = r.apps().get(request.resource());
        if (app == null) {
            return new ServiceChannels.Refused("this agent serves no app '" + request.resource() + "'");
        }
        String sessionId = UUID.randomUUID().toString();
        String kind = app.spec().uriKind();
        AppAdmission.Admitted admitted;
        try {
            admitted = r.admission().admit(request, app, r.clock().instant());
        } catch (ForwardedUsers.Refusal e) {
            r.audit().refused(new AppAuditTrail.Who(e.user(), app.name(), kind, request.clientAddr(), sessionId),
                    e.getMessage());
            return new ServiceChannels.Refused(e.getMessage());
        }
        AppAuditTrail.Who who = new AppAuditTrail.Who(admitted.user().username(), app.name(), kind,
                request.clientAddr(), sessionId);
        if (!app.tcp()) {
            String why = "'" + app.name() + "' is an HTTP app: it will be opened in the browser (not yet served by "
                    + "this version); gate proxy app reaches TCP apps only";
            r.audit().refused(who, why);
            return new ServiceChannels.Refused(why);
        }
        Socket upstream = new Socket();
        try {
            upstream.setTcpNoDelay(true);
            upstream.connect(new InetSocketAddress(app.host(), app.port()), (int) DIAL_TIMEOUT.toMillis());
        } catch (IOException e) {
            closeQuietly(upstream);
            String why = "the app '" + app.name() + "' does not answer at " + app.uri() + " (from the agent "
                    + "serving it): " + e.getMessage();
            LOG.warn("app session for {} on '{}' refused: {}", who.user(), app.name(), why);
            r.audit().refused(who, why);
            return new ServiceChannels.Refused(why);
        }
        return new ServiceChannels.Serve((in, out) -> serve(r.audit().session(who), upstream, in, out));
    }

    private void serve(AppAuditTrail.Session audit, Socket upstream, InputStream in, OutputStream out) {
        sessions.incrementAndGet();
        audit.started();
        TcpRelay relay = new TcpRelay();
        String error = "";
        try {
            relay.run(in, out, upstream);
        } catch (IOException | RuntimeException e) {
            error = e.getMessage() == null ? e.toString() : e.getMessage();
        } finally {
            sessions.decrementAndGet();
            audit.ended(relay.fromClient(), relay.toClient(), error);
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // refused anyway
        }
    }

    @Override
    public void stop() {
        running = null;
    }
}
