package io.gatehouse.agent;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.agent.audit.EventShipper;
import io.gatehouse.agent.audit.EventSpool;
import io.gatehouse.agent.desktop.DesktopAudit;
import io.gatehouse.agent.desktop.DesktopService;
import io.gatehouse.agent.heartbeat.Heartbeat;
import io.gatehouse.agent.join.NodeJoin;
import io.gatehouse.agent.labels.NodeLabels;
import io.gatehouse.agent.renewal.CertificateRenewal;
import io.gatehouse.agent.recording.RecordingUploader;
import io.gatehouse.agent.ssh.LocalLogins;
import io.gatehouse.agent.ssh.NodeIdentity;
import io.gatehouse.agent.ssh.RoleSource;
import io.gatehouse.agent.ssh.SessionAudit;
import io.gatehouse.agent.ssh.SshService;
import io.gatehouse.agent.tunnel.TunnelClient;
import io.gatehouse.shared.api.ApiPaths;
import io.gatehouse.shared.api.CaExport;
import io.gatehouse.shared.api.HostCertsResponse;
import io.gatehouse.shared.api.InventoryHeartbeat;
import io.gatehouse.shared.api.NodeEvent;
import io.gatehouse.shared.api.RecordingDto;
import io.gatehouse.shared.api.RenewHostRequest;
import io.gatehouse.shared.api.client.AuthRoleFetch;
import io.gatehouse.shared.api.client.MtlsJsonClient;
import io.gatehouse.shared.cert.IdentityFile;
import io.gatehouse.shared.cert.Keys;
import io.gatehouse.shared.cert.RenewableIdentity;
import io.gatehouse.shared.rbac.CertificateRoles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * The agent process: join (first start only), then serve SSH, heartbeat and ship audit events.
 * Plain Java rather than Quarkus, to keep a process that runs on every host small.
 * Usage: gatehouse-agent --config FILE
 */
public final class Main {
    /** The agent waits for auth as long as it takes (auth may be down for maintenance). */
    private static final Duration FOREVER = Duration.ofDays(3650);
    private Main() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2 || !args[0].equals("--config")) {
            System.err.println("usage: gatehouse-agent --config FILE");
            System.exit(2);
        }
        AgentConfig config;
        IdentityFile identity;
        try {
            config = AgentConfig.read(Path.of(args[1]));
            identity = NodeJoin.identity(config.dataDir(), config.nodeName(), config.proxyAddr(), config.token(),
                    config.caPin());
        } catch (NodeJoin.Refused | IllegalArgumentException | IOException e) {
            System.err.println("gatehouse-agent: " + e.getMessage());
            System.exit(1);
            return;
        }
        run(config, identity);
    }

    static void run(AgentConfig config, IdentityFile identity) throws Exception {
        // Renewal swaps the identity underneath: TLS handshakes, the SSH service and the tunnel
        // present whichever certificate is current.
        RenewableIdentity current = new RenewableIdentity(identity);
        MtlsJsonClient auth = new MtlsJsonClient(current.sslContext("auth"), config.authAddr());
        var userCas = auth.whenReachable("the user CA", FOREVER, System.err::println, a -> a.get(ApiPaths.CAS + "/user",
                CaExport.class))
                .sshPublicKeys().stream().map(Keys::parseOpenSshPublicKey).toList();
        // Fails closed: a role auth cannot deliver (deleted, auth unreachable) refuses the session.
        RoleSource roles = new CertificateRoles(new AuthRoleFetch(() -> auth))::checkerFor;
        EventSpool spool = new EventSpool(config.dataDir().resolve("events"));
        SessionAudit audit = new SessionAudit(config.nodeName(), event -> spoolOrLog(spool, event), Clock.systemUTC(),
                roles, Optional.of(config.dataDir().resolve("recordings")));
        NodeLabels labels = new NodeLabels(config.labels(), config.commands());
        labels.start();
        NodeIdentity node = new NodeIdentity(config.nodeName(), labels, identity.keyPair(), identity.sshCertificate(), userCas);
        SshService ssh = new SshService(node, roles, new LocalLogins(), Clock.systemUTC(), config.sshListenHost(),
                config.sshListenPort(), audit);
        ssh.endSessionsWhoseRequestEnds(ids -> auth.post(ApiPaths.ACCESS_REQUEST_STATES,
                new io.gatehouse.shared.api.AccessRequestDto.StatesQuery(ids),
                io.gatehouse.shared.api.AccessRequestDto.States.class).requests());
        if (!config.desktops().isEmpty()) {
            DesktopService desktops = new DesktopService(config.desktops(), roles, new DesktopAudit(config.nodeName(),
                    event -> spoolOrLog(spool, event), Clock.systemUTC()), Optional.of(config.dataDir()
                    .resolve("recordings")));
            ssh.serveDesktops(desktops);
            Thread.ofVirtual().name("desktop-heartbeat").start(new Heartbeat(auth, "desktop", desktops::announced,
                    config.heartbeatInterval()));
        }
        ssh.start();
        current.onRenewal(renewed -> ssh.renewHostIdentity(renewed.keyPair(), renewed.sshCertificate()));
        Thread.ofVirtual().name("cert-renewal").start(new CertificateRenewal(current, config.dataDir().resolve(
                NodeJoin.IDENTITY), key -> auth.post(ApiPaths.CERTS_HOST_RENEW, new RenewHostRequest(key),
                HostCertsResponse.class), Clock.systemUTC()));
        String advertised = config.sshAdvertise();
        Thread.ofVirtual().name("heartbeat").start(new Heartbeat(auth, "node", () -> List.of(
                new InventoryHeartbeat.Entry(config.nodeName(), labels.current(), advertised == null ? Map.of()
                        : Map.of("addr", advertised))), config.heartbeatInterval()));
        TunnelClient tunnel = null;
        if (config.tunnel()) {
            var hostCas = auth.whenReachable("the host CA", FOREVER, System.err::println, a -> a.get(ApiPaths.CAS
                    + "/host", CaExport.class))
                    .sshPublicKeys().stream().map(Keys::parseOpenSshPublicKey).toList();
            // The tunnel's channels go to the SSH service in-process (no loopback hop per keystroke).
            tunnel = new TunnelClient(config.tunnelAddr().isEmpty() ? config.proxyAddr() : config.tunnelAddr(),
                    identity.keyPair(), identity.sshCertificate(), hostCas, ssh.port(), ssh.connections(),
                    Clock.systemUTC());
            if (config.tunnelAddr().isEmpty()) {
                tunnel.routeBy(new io.gatehouse.agent.tunnel.TunnelRoute(config.proxyAddr(), () -> current.sslContext("proxy")),
                        () -> current.sslContext("proxy"));
            }
            TunnelClient renewable = tunnel;
            current.onRenewal(renewed -> renewable.renew(renewed.keyPair(), renewed.sshCertificate()));
            Thread.ofPlatform().name("tunnel").daemon().start(tunnel);
        }
        EventShipper shipper = new EventShipper(spool, batch -> auth.post(ApiPaths.NODE_EVENTS, batch,
                NodeEvent.Ack.class), Duration.ofSeconds(2));
        Thread.ofVirtual().name("audit-shipper").start(shipper);
        Thread.ofVirtual().name("recording-uploader").start(new RecordingUploader(config.dataDir()
                .resolve("recordings"), new RecordingUploader.Sink() {
                    @Override
                    public void chunk(String sessionId, RecordingDto.Chunk chunk) {
                        auth.post(ApiPaths.RECORDINGS + "/" + sessionId + "/chunks", chunk, JsonNode.class);
                    }

                    @Override
                    public void complete(String sessionId, RecordingDto.Complete done) {
                        auth.post(ApiPaths.RECORDINGS + "/" + sessionId + "/complete", done, JsonNode.class);
                    }
                }, Duration.ofSeconds(3)));
        System.out.println("gatehouse-agent: node '" + config.nodeName() + "' serving SSH on "
                + config.sshListenHost() + ":" + ssh.port() + (config.tunnel() ? " through a tunnel to "
                + (config.tunnelAddr().isEmpty() ? "the proxy " + config.proxyAddr() : config.tunnelAddr())
                : " (advertised as " + config.sshAdvertise() + ")"));
        TunnelClient openTunnel = tunnel;
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            shipper.stop();
            try {
                if (openTunnel != null) {
                    openTunnel.close();
                }
                ssh.close();
            } catch (IOException ignored) {
                // exiting anyway
            }
            stop.countDown();
        }));
        stop.await();
    }

    private static void spoolOrLog(EventSpool spool, NodeEvent event) {
        try {
            spool.add(event);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot spool audit event " + event.type(), e);
        }
    }
}
