package io.gatehouse.agent;

import io.gatehouse.agent.app.AppAgentService;
import io.gatehouse.agent.audit.EventShipper;
import io.gatehouse.agent.audit.EventSpool;
import io.gatehouse.shared.audit.EventType;
import io.gatehouse.agent.config.AgentConfig;
import io.gatehouse.agent.db.DbAgentService;
import io.gatehouse.agent.db.mysql.MysqlEngine;
import io.gatehouse.agent.desktop.DesktopAgentService;
import io.gatehouse.agent.diag.AgentStatus;
import io.gatehouse.agent.diag.DiagServer;
import io.gatehouse.agent.heartbeat.Heartbeat;
import io.gatehouse.agent.join.NodeJoin;
import io.gatehouse.agent.recording.RecordingUploader;
import io.gatehouse.agent.renewal.CertificateRenewal;
import io.gatehouse.agent.service.AgentContext;
import io.gatehouse.agent.service.AgentService;
import io.gatehouse.agent.service.ServiceChannelRoutes;
import io.gatehouse.agent.service.ServiceSupervisor;
import io.gatehouse.agent.ssh.SshAgentService;
import io.gatehouse.agent.tunnel.TunnelClient;
import io.gatehouse.agent.tunnel.TunnelRoute;
import io.gatehouse.shared.api.NodeEvent;
import io.gatehouse.shared.api.RecordingDto;
import io.gatehouse.shared.api.RenewHostRequest;
import io.gatehouse.shared.api.client.AuthRoleFetch;
import io.gatehouse.shared.api.client.MtlsJsonClient;
import io.gatehouse.shared.cert.IdentityFile;
import io.gatehouse.shared.cert.Keys;
import io.gatehouse.shared.cert.RenewableIdentity;
import io.gatehouse.shared.rbac.CachedRoleFetch;
import io.gatehouse.shared.rbac.CertificateRoles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running agent: the parts every agent has (certificate renewal, the tunnel, the audit shipper,
 * the recording uploader, diagnostics) around the services its agent.yaml enables, which the
 * {@link ServiceSupervisor} starts, heartbeats and stops.
 */
final class AgentProcess implements AutoCloseable {
    /** The agent waits for auth as long as it takes (auth may be down for maintenance). */
    private static final Duration FOREVER = Duration.ofDays(3650);
    private static final Logger LOG = LoggerFactory.getLogger(AgentProcess.class);

    private final AgentConfig config;
    private final ServiceSupervisor supervisor;
    private final SshAgentService ssh;
    /** The proxy's service channels on the tunnel, by service (db, app). */
    private final ServiceChannelRoutes channels;
    private volatile Optional<DiagServer> diag = Optional.empty();
    private volatile Optional<TunnelClient> tunnel = Optional.empty();
    private volatile Optional<EventShipper> shipper = Optional.empty();

    private AgentProcess(AgentConfig config, ServiceSupervisor supervisor, SshAgentService ssh,
            ServiceChannelRoutes channels) {
        this.config = config;
        this.channels = channels;
        this.supervisor = supervisor;
        this.ssh = ssh;
    }

    /** Starts everything; returns once every service is up or has failed, and the tunnel is dialling. */
    static AgentProcess start(AgentConfig config, IdentityFile identity) throws IOException {
        // Renewal swaps the identity underneath: TLS handshakes, the SSH service and the tunnel
        // present whichever certificate is current.
        RenewableIdentity current = new RenewableIdentity(identity);
        MtlsJsonClient auth = new MtlsJsonClient(current.sslContext("auth"), config.authAddr());
        SshAgentService ssh = new SshAgentService();
        List<AgentService> services = new ArrayList<>(List.of(ssh));
        if (config.desktops().enabled()) {
            services.add(new DesktopAgentService(config.desktops()));
        }
        ServiceChannelRoutes channels = new ServiceChannelRoutes();
        if (config.databases().enabled()) {
            DbAgentService db = new DbAgentService(config.databases(), Map.of("mysql", new MysqlEngine()));
            services.add(db);
            channels.route(DbAgentService.SERVICE, db);
        }
        if (config.apps().enabled()) {
            AppAgentService apps = new AppAgentService(config.apps());
            services.add(apps);
            channels.route(AppAgentService.SERVICE, apps);
        }
        ServiceSupervisor supervisor = new ServiceSupervisor(services, a -> new Heartbeat(auth, a.kind(), a.entries(),
                config.heartbeatInterval()));
        AgentProcess agent = new AgentProcess(config, supervisor, ssh, channels);
        try {
            agent.serveDiagnostics();
            agent.run(current, auth);
        } catch (IOException | RuntimeException e) {
            agent.close();
            throw e;
        }
        return agent;
    }

    private void serveDiagnostics() throws IOException {
        if (config.diagAddr().isPresent()) {
            var addr = config.diagAddr().get();
            diag = Optional.of(DiagServer.start(new InetSocketAddress(addr.host(), addr.port()), this::status));
        }
    }

    private void run(RenewableIdentity current, MtlsJsonClient auth) throws IOException {
        List<PublicKey> userCas = cas(auth, "user");
        EventSpool spool = new EventSpool(config.dataDir().resolve("events"));
        Path recordings = config.dataDir().resolve("recordings");
        // Fails closed: a role auth cannot deliver (deleted, auth unreachable) refuses the session.
        // Cached for at most a second (CachedRoleFetch): every session asked auth for each role.
        CertificateRoles roles = new CertificateRoles(new CachedRoleFetch(AuthRoleFetch.over(auth::api),
                Clock.systemUTC()));
        supervisor.startAll(new AgentContext(config, current, userCas, roles, auth, event -> spool(spool, event),
                Clock.systemUTC(), Optional.of(recordings), supervisor));
        Thread.ofVirtual().name("cert-renewal").start(new CertificateRenewal(current, config.dataDir().resolve(
                NodeJoin.IDENTITY), key -> auth.agent().renewHost(new RenewHostRequest(key)), Clock.systemUTC()));
        ssh.transport().ifPresent(transport -> {
            if (config.tunnel()) {
                dialTunnel(current, auth, transport);
            }
            System.out.println("gatehouse-agent: node '" + config.nodeName() + "' serving SSH on "
                    + config.sshListenHost() + ":" + transport.port() + (config.tunnel() ? " through a tunnel to "
                    + (config.tunnelAddr().isEmpty() ? "the proxy " + config.proxyAddr() : config.tunnelAddr())
                    : " (advertised as " + config.sshAdvertise() + ")"));
        });
        if (ssh.transport().isEmpty()) {
            LOG.error("node '{}' serves nothing: its SSH service, which every session reaches it through, did not "
                    + "start (see above); the agent keeps running so that /readyz says why", config.nodeName());
        }
        EventShipper events = new EventShipper(spool, auth.agent()::events, Duration.ofSeconds(2));
        shipper = Optional.of(events);
        Thread.ofVirtual().name("audit-shipper").start(events);
        Thread.ofVirtual().name("recording-uploader").start(new RecordingUploader(recordings, uploads(auth),
                Duration.ofSeconds(3)));
    }

    private static List<PublicKey> cas(MtlsJsonClient auth, String type) {
        return auth.whenReachable("the " + type + " CA", FOREVER, System.err::println, a -> a.api().ca(type))
                .sshPublicKeys().stream().map(Keys::parseOpenSshPublicKey).toList();
    }

    private void dialTunnel(RenewableIdentity current, MtlsJsonClient auth, SshAgentService.Transport transport) {
        IdentityFile identity = current.current();
        // The tunnel's channels go to the SSH service in-process (no loopback hop per keystroke).
        TunnelClient client = new TunnelClient(config.tunnelAddr().isEmpty() ? config.proxyAddr()
                : config.tunnelAddr(), identity.keyPair(), identity.sshCertificate(), cas(auth, "host"),
                transport.port(), transport.connections(), Clock.systemUTC());
        if (config.tunnelAddr().isEmpty()) {
            client.routeBy(new TunnelRoute(config.proxyAddr(), () -> current.sslContext("proxy")),
                    () -> current.sslContext("proxy"));
        }
        client.serveChannels(channels);
        current.onRenewal(renewed -> client.renew(renewed.keyPair(), renewed.sshCertificate()));
        tunnel = Optional.of(client);
        Thread.ofPlatform().name("tunnel").daemon().start(client);
    }

    private static RecordingUploader.Sink uploads(MtlsJsonClient auth) {
        return new RecordingUploader.Sink() {
            @Override
            public void chunk(String sessionId, RecordingDto.Chunk chunk) {
                auth.agent().recordingChunk(sessionId, chunk);
            }

            @Override
            public void complete(String sessionId, RecordingDto.Complete done) {
                auth.agent().recordingComplete(sessionId, done);
            }
        };
    }

    AgentStatus status() {
        AgentStatus.Tunnel t = !config.tunnel() ? AgentStatus.Tunnel.NOT_USED
                : tunnel.map(c -> c.isUp() ? AgentStatus.Tunnel.UP : AgentStatus.Tunnel.DOWN)
                        .orElse(AgentStatus.Tunnel.DOWN);
        return new AgentStatus(supervisor.health(), supervisor.sessions(), t);
    }

    /**
     * Durable before the caller goes on, except a database session's statements: those are many,
     * and the relay must not wait on the disk for each; they are committed with the next batch.
     */
    /**
     * A database session's statements and its start are spooled without waiting for the disk (the
     * next group commit, within 100 ms): waiting for a synced file before the client's greeting was
     * a third of a new connection's time at the agent, and a crash in that moment loses a session
     * that had barely begun, with its statements. Everything else waits: a refusal, a session's end,
     * shell sessions.
     */
    private static void spool(EventSpool spool, NodeEvent event) {
        if (EventType.DB_SESSION_QUERY.id().equals(event.type()) || EventType.DB_SESSION_START.id().equals(
                event.type())) {
            spool.addSoon(event);
            return;
        }
        try {
            spool.add(event);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot spool audit event " + event.type(), e);
        }
    }

    /** Stops in reverse: audit shipping, the tunnel, the services (last started first), diagnostics. */
    @Override
    public void close() {
        shipper.ifPresent(EventShipper::stop);
        tunnel.ifPresent(t -> {
            try {
                t.close();
            } catch (IOException e) {
                LOG.warn("closing the tunnel: {}", e.getMessage());
            }
        });
        supervisor.close();
        diag.ifPresent(DiagServer::close);
    }
}
