package io.gatehouse.proxy.tunnel;

import io.gatehouse.shared.ssh.SshTransport;
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
import org.apache.sshd.common.io.IoSession;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.session.ConnectionService;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.common.util.net.SshdSocketAddress;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.server.ServerBuilder;
import org.apache.sshd.server.ServerFactoryManager;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.server.forward.ForwardingFilter;
import org.apache.sshd.server.session.ServerSessionImpl;
import org.apache.sshd.server.session.SessionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reverse-tunnel server (:3024). Agents behind firewalls dial it, prove their host
 * certificate (HostCertificateHandler) and ask for one remote forward of 127.0.0.1:0, which
 * becomes the node's route in the TunnelRegistry. Agents can open no channel here and reach
 * nothing on the proxy: the only thing a tunnel carries is users' SSH connections to the node.
 */
public final class TunnelServer implements AutoCloseable {
    /**
     * How long a connection may take to authenticate (OpenSSH's LoginGraceTime). Generous: thousands
     * of agents reconnecting at once make handshakes slow on a small proxy, and cutting them off only
     * turns slowness into a retry storm. Agents wait at least this long for each step
     * (TunnelClient.STEP_TIMEOUT), so they never give up on a handshake the proxy would still finish.
     */
    static final Duration LOGIN_GRACE = Duration.ofSeconds(60);
    /** How long a connection may stay without presenting a host certificate. */
    static final Duration CERTIFICATE_DEADLINE = Duration.ofSeconds(30);
    /**
     * The listen backlog: connections the kernel completes before the proxy accepts them. MINA's
     * default of 50 overflows when thousands of agents dial at once, and each overflow costs the
     * agent a SYN retransmit (1 s, 3 s, 7 s...). The kernel caps it at net.core.somaxconn (4096 on
     * current kernels; older ones have 128).
     */
    static final int ACCEPT_BACKLOG = 4096;
    /**
     * Each connection keeps one read buffer for its lifetime (MINA's NIO2 default is 32 KiB, on the
     * heap): with thousands of mostly idle tunnels that was 32 of the ~73 kB of RSS per tunnel
     * (bench/tunnel-scale.sh). 16 KiB saves 16 kB per tunnel and still takes a full 32 KiB SSH packet
     * of a user's session in two reads; MINA assembles packets across reads anyway. It applies to
     * the users' connections into the tunnels' loopback ports too (same server).
     */
    static final int READ_BUFFER_BYTES = 16 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(TunnelServer.class);
    /** The admission permit of a connection still in its handshake (HandshakeLimit). */
    private static final Object PERMIT = new Object();

    private final SshServer server;
    private final TunnelRegistry registry;
    private final HandshakeLimit handshakes;
    private final ScheduledExecutorService deadlines = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("tunnel-deadlines").daemon().factory());

    /**
     * {@code maxHandshakes}: how many connections may be in their handshake (TCP accept to accepted
     * host certificate) at once; more are closed at once, before the SSH version exchange.
     */
    public TunnelServer(KeyPair hostKey, String hostCertificate, Supplier<List<PublicKey>> hostCas,
            TunnelRegistry registry, Clock clock, String host, int port, int maxHandshakes) {
        this.registry = registry;
        this.handshakes = new HandshakeLimit(maxHandshakes, System::nanoTime, LOG::warn);
        OpenSshCertificate cert = SshCertificateSigner.parse(hostCertificate);
        server = SshServer.setUpDefaultServer();
        server.setSessionFactory(new AdmittingSessionFactory(server, handshakes));
        SshTransport.apply(server);
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
        handlers.add(new HostCertificateHandler(hostCas, clock, TunnelServer::handshakeOver));
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
                handshakeOver(session);
                HostIdentity h = session.getAttribute(HostCertificateHandler.HOST);
                if (h != null) {
                    registry.unregister(h.hostId(), session);
                    LOG.info("tunnel from node '{}' ({}) closed", h.nodeName(), h.hostId());
                }
            }
        });
        // An agent keeps its tunnel alive with keepalives; silence this long means it is gone.
        CoreModuleProperties.IDLE_TIMEOUT.set(server, Duration.ofSeconds(45));
        CoreModuleProperties.AUTH_TIMEOUT.set(server, LOGIN_GRACE);
        CoreModuleProperties.SOCKET_BACKLOG.set(server, ACCEPT_BACKLOG);
        CoreModuleProperties.NIO2_READ_BUFFER_SIZE.set(server, READ_BUFFER_BYTES);
    }

    /** Frees the admission permit of a session: its certificate was accepted, or it closed first. */
    private static void handshakeOver(Session session) {
        if (session.getIoSession().getAttribute(PERMIT) instanceof HandshakeLimit.Permit permit) {
            permit.release();
        }
    }

    public void start() throws IOException {
        server.start();
    }

    /**
     * The server's session handler (the admitting session factory): connections handed to it, e.g.
     * by the web port's router, count against the handshake limit like those from the port.
     */
    public org.apache.sshd.common.io.IoHandler connections() {
        return server.getSessionFactory();
    }

    public int port() {
        return server.getPort();
    }

    /** Connections between TCP accept and an accepted host certificate, right now. */
    int handshakesInProgress() {
        return handshakes.inProgress();
    }

    @Override
    public void close() throws IOException {
        deadlines.shutdownNow();
        server.stop(true);
    }

    /**
     * Turns a connection away when HandshakeLimit says so, before MINA builds an SSH session for it:
     * no version line, no key exchange, just accept and close. (MINA closes the connection when
     * session creation fails; an IoServiceEventListener that refuses in connectionAccepted would
     * leak the socket in MINA 2.17.)
     */
    private static final class AdmittingSessionFactory extends SessionFactory {
        private final HandshakeLimit limit;

        AdmittingSessionFactory(ServerFactoryManager server, HandshakeLimit limit) {
            super(server);
            this.limit = limit;
        }

        @Override
        protected ServerSessionImpl doCreateSession(IoSession ioSession) throws Exception {
            HandshakeLimit.Permit permit = limit.tryAdmit().orElseThrow(TurnedAway::new);
            ioSession.setAttribute(PERMIT, permit);
            try {
                return super.doCreateSession(ioSession);
            } catch (Exception | Error e) {
                permit.release();
                throw e;
            }
        }
    }

    /** Why a connection was closed right after accept; cheap, since it happens thousands of times a minute. */
    private static final class TurnedAway extends Exception {
        TurnedAway() {
            super("too many tunnel handshakes in progress; connection turned away", null, false, false);
        }
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
                    new InetSocketAddress(TunnelProtocol.FORWARD_HOST, boundAddress.getPort()), session,
                    session.getAttribute(HostCertificateHandler.AUTH_KEY)));
            LOG.info("tunnel from node '{}' ({}) up, from {}", h.nodeName(), h.hostId(), session.getRemoteAddress());
        }
    }
}
