package io.gatehouse.proxy.tunnel;

import io.gatehouse.shared.ssh.SshCiphers;
import io.gatehouse.shared.cert.HostIdentity;
import io.gatehouse.shared.cert.SshCertificateSigner;
import io.gatehouse.shared.tunnel.TunnelProtocol;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.sshd.common.channel.Channel;
import org.apache.sshd.common.channel.ChannelFactory;
import org.apache.sshd.common.channel.RequestHandler;
import org.apache.sshd.common.config.keys.OpenSshCertificate;
import org.apache.sshd.common.forward.PortForwardingEventListener;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.session.ConnectionService;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.common.util.net.SshdSocketAddress;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.server.ServerBuilder;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.server.forward.ForwardingFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reverse-tunnel server (:3024). Agents behind firewalls dial it, prove their host
 * certificate (HostCertificateHandler) and ask for one remote forward of 127.0.0.1:0, which
 * becomes the node's route in the TunnelRegistry. Agents can open no channel here and reach
 * nothing on the proxy: the only thing a tunnel carries is users' SSH connections to the node.
 */
public final class TunnelServer implements AutoCloseable {
    /** How long a connection may stay without presenting a host certificate. */
    static final Duration CERTIFICATE_DEADLINE = Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger(TunnelServer.class);

    private final SshServer server;
    private final TunnelRegistry registry;
    private final ScheduledExecutorService deadlines = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("tunnel-deadlines").daemon().factory());

    public TunnelServer(KeyPair hostKey, String hostCertificate, Supplier<List<PublicKey>> hostCas,
            TunnelRegistry registry, Clock clock, String host, int port) {
        this.registry = registry;
        OpenSshCertificate cert = SshCertificateSigner.parse(hostCertificate);
        server = SshServer.setUpDefaultServer();
        SshCiphers.apply(server);
        server.setHost(host);
        server.setPort(port);
        server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        server.setHostKeyCertificateProvider(session -> List.of(cert));
        server.setUserAuthFactories(List.of(new UserAuthPublicKeyFactory()));
        server.setPasswordAuthenticator(null);
        server.setKeyboardInteractiveAuthenticator(null);
        server.setPublickeyAuthenticator((username, key, session) -> {
            if (key instanceof OpenSshCertificate) {
                return false; // step one is the plain key; the certificate follows (TunnelProtocol)
            }
            session.setAttribute(HostCertificateHandler.AUTH_KEY, key);
            deadlines.schedule(() -> {
                if (session.getAttribute(HostCertificateHandler.HOST) == null && session.isOpen()) {
                    LOG.info("closing tunnel connection from {}: no host certificate within {} s",
                            session.getRemoteAddress(), CERTIFICATE_DEADLINE.toSeconds());
                    session.close(true);
                }
            }, CERTIFICATE_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        });
        List<RequestHandler<ConnectionService>> handlers = new ArrayList<>(ServerBuilder.DEFAULT_GLOBAL_REQUEST_HANDLERS);
        handlers.add(new HostCertificateHandler(hostCas, clock));
        server.setGlobalRequestHandlers(handlers);
        // MINA insists on a channel factory; this one's name matches no channel an agent may open.
        server.setChannelFactories(List.of(new ChannelFactory() {
            @Override
            public String getName() {
                return "none@gatehouse.io";
            }

            @Override
            public Channel createChannel(Session session) throws IOException {
                throw new IOException("agents cannot open channels on the tunnel server");
            }
        }));
        server.setForwardingFilter(new OnlyTheTunnelForward());
        server.addPortForwardingEventListener(new Registrar());
        server.addSessionListener(new SessionListener() {
            @Override
            public void sessionClosed(Session session) {
                HostIdentity h = session.getAttribute(HostCertificateHandler.HOST);
                if (h != null) {
                    registry.unregister(h.hostId(), session);
                    LOG.info("tunnel from node '{}' ({}) closed", h.nodeName(), h.hostId());
                }
            }
        });
        // An agent keeps its tunnel alive with keepalives; silence this long means it is gone.
        CoreModuleProperties.IDLE_TIMEOUT.set(server, Duration.ofSeconds(45));
        // Generous: thousands of agents reconnecting at once make handshakes slow on a small proxy,
        // and cutting them off only turns slowness into a retry storm.
        CoreModuleProperties.AUTH_TIMEOUT.set(server, Duration.ofSeconds(60));
    }

    public void start() throws IOException {
        server.start();
    }

    public int port() {
        return server.getPort();
    }

    public int sessions() {
        return server.getActiveSessions().size();
    }

    @Override
    public void close() throws IOException {
        deadlines.shutdownNow();
        server.stop(true);
    }

    /** A certified agent may ask for exactly one forward of 127.0.0.1:0, and nothing else. */
    private static final class OnlyTheTunnelForward implements ForwardingFilter {
        @Override
        public boolean canForwardAgent(Session session, String requestType) {
            return false;
        }

        @Override
        public boolean canForwardX11(Session session, String requestType) {
            return false;
        }

        @Override
        public boolean canListen(SshdSocketAddress address, Session session) {
            return session.getAttribute(HostCertificateHandler.HOST) != null
                    && TunnelProtocol.FORWARD_HOST.equals(address.getHostName()) && address.getPort() == 0
                    && session.getAttribute(Registrar.FORWARDED) == null;
        }

        @Override
        public boolean canConnect(Type type, SshdSocketAddress address, Session session) {
            return false;
        }
    }

    /** Enters a tunnel into the registry once its loopback port is bound. */
    private final class Registrar implements PortForwardingEventListener {
        static final org.apache.sshd.common.AttributeRepository.AttributeKey<Boolean> FORWARDED =
                new org.apache.sshd.common.AttributeRepository.AttributeKey<>();

        @Override
        public void establishedExplicitTunnel(Session session, SshdSocketAddress local, SshdSocketAddress remote,
                boolean localForwarding, SshdSocketAddress boundAddress, Throwable reason) {
            // MINA reports a client's tcpip-forward as a "local" forward of the server (it listens here).
            HostIdentity h = session.getAttribute(HostCertificateHandler.HOST);
            if (h == null || reason != null || boundAddress == null) {
                return;
            }
            session.setAttribute(FORWARDED, Boolean.TRUE);
            registry.register(new TunnelRegistry.Tunnel(h.hostId(), h.nodeName(),
                    new InetSocketAddress(TunnelProtocol.FORWARD_HOST, boundAddress.getPort()), session));
            LOG.info("tunnel from node '{}' ({}) up, from {}", h.nodeName(), h.hostId(), session.getRemoteAddress());
        }
    }
}
