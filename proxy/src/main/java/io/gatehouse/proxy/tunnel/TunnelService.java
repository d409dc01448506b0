package io.gatehouse.proxy.tunnel;

import io.gatehouse.proxy.authclient.AuthConnection;
import io.gatehouse.proxy.config.ProxyConfig;
import io.gatehouse.shared.cert.Keys;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;

/** Runs the reverse-tunnel server on the proxy's tunnel port and owns the registry of live tunnels. */
@Singleton
public class TunnelService {
    private static final Logger LOG = Logger.getLogger(TunnelService.class);
    private static final Duration CA_REFRESH = Duration.ofMinutes(1);

    private final AuthConnection connection;
    private final ProxyConfig config;
    private final TunnelRegistry registry = new TunnelRegistry();
    private volatile List<PublicKey> hostCas = List.of();
    private volatile Instant casReadAt = Instant.EPOCH;
    private TunnelServer server;

    public TunnelService(AuthConnection connection, ProxyConfig config) {
        this.connection = connection;
        this.config = config;
    }

    public TunnelRegistry registry() {
        return registry;
    }

    void start(@Observes StartupEvent event) throws IOException {
        var id = connection.identity();
        hostCas = connection.whenReachable("the host CA", auth -> auth.api().ca("host"))
                .sshPublicKeys().stream().map(Keys::parseOpenSshPublicKey).toList();
        casReadAt = Instant.now();
        server = new TunnelServer(id.keyPair(),
                id.sshCertificate(), this::hostCas, registry, Clock.systemUTC(), config.separateListenerHost(),
                config.separateListeners() ? config.tunnelPort() : 0, config.tunnelMaxHandshakes());
        server.start();
        LOG.infof("reverse-tunnel server listening on %s:%d%s (at most %d agent handshakes at once)",
                config.separateListenerHost(), server.port(), config.separateListeners()
                        ? " and, by TLS routing, on the web port" : " (unadvertised; served on the web port)",
                config.tunnelMaxHandshakes());
    }

    /** Where the web port's router hands connections that asked for gatehouse-tunnel. */
    public org.apache.sshd.common.io.IoHandler connections() {
        return server.connections();
    }

    void stop(@Observes ShutdownEvent event) throws IOException {
        if (server != null) {
            server.close();
        }
    }

    /** The host CA keys, re-read now and then so a CA rotation reaches the proxy without a restart. */
    private List<PublicKey> hostCas() {
        if (casReadAt.plus(CA_REFRESH).isBefore(Instant.now())) {
            try {
                hostCas = connection.api().ca("host").sshPublicKeys().stream()
                        .map(Keys::parseOpenSshPublicKey).toList();
                casReadAt = Instant.now();
            } catch (RuntimeException e) {
                LOG.warnf("cannot refresh the host CA from auth (%s); keeping the keys read before", e.getMessage());
            }
        }
        return hostCas;
    }
}
