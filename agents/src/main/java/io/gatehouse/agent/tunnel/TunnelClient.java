package io.gatehouse.agent.tunnel;

import io.gatehouse.shared.ssh.SshTransport;
import io.gatehouse.shared.cert.IdentityCodec;
import io.gatehouse.shared.cert.SshCertificateVerifier;
import io.gatehouse.shared.tunnel.TunnelHandshake;
import io.gatehouse.shared.tunnel.Backoff;
import io.gatehouse.shared.tunnel.TunnelProtocol;
import io.gatehouse.shared.routing.SocketSession;
import io.gatehouse.shared.routing.TlsRouting;
import io.gatehouse.shared.tunnel.RoutedIo;
import io.gatehouse.shared.tunnel.ServiceChannels;
import java.util.ArrayList;
import org.apache.sshd.common.channel.ChannelFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.io.DefaultIoConnectFuture;
import org.apache.sshd.common.io.IoConnectFuture;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.client.session.ClientSession.ClientSessionEvent;
import org.apache.sshd.common.config.keys.OpenSshCertificate;
import org.apache.sshd.common.io.IoHandler;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.util.net.SshdSocketAddress;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.server.forward.ForwardingFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dials the proxy's tunnel port and keeps the tunnel up for as long as the agent runs: connect,
 * authenticate (TunnelProtocol), forward to the local SSH service, and after any loss reconnect
 * with Backoff.TUNNEL. Keepalives every few seconds notice a dead proxy (a half-open TCP
 * connection) instead of waiting for the kernel.
 */
public final class TunnelClient implements Runnable, AutoCloseable {
    /**
     * How long each step of the handshake (connect, authenticate, certificate, forward) may take.
     * At least the proxy's login grace (60 s, TunnelServer.LOGIN_GRACE): a busy proxy finishes a
     * slow handshake rather than drop it, and an agent that gave up earlier would throw that work
     * away and queue a new handshake behind it, which is how a fleet's reconnection turns into a
     * retry storm.
     */
    public static final Duration STEP_TIMEOUT = TunnelHandshake.STEP_TIMEOUT;
    private static final Logger LOG = LoggerFactory.getLogger(TunnelClient.class);

    private final String proxyHost;
    private final int proxyPort;
    /** Key and host certificate for the next login; replaced when the certificates are renewed. */
    private volatile Credentials credentials;

    private record Credentials(KeyPair key, String hostCertificate) {
    }
    private final List<PublicKey> hostCas;
    private final int localSshPort;
    private final Clock clock;
    private final Backoff backoff;
    private final SshClient client;
    /** Where each connect goes; by default the tunnel port given at construction. */
    private volatile Supplier<Dial> route;
    /** TLS towards the proxy's web port, for routed dials (the proxy role is required, as for its API). */
    private volatile Supplier<SSLContext> routedTls = () -> {
        throw new IllegalStateException("no TLS for routed tunnels configured");
    };

    /**
     * Where to dial: the proxy's tunnel port ({@code routed} false), or its web port asking the TLS
     * router for the tunnel server (ALPN gatehouse-tunnel).
     */
    public record Dial(String host, int port, boolean routed) {
        public static Dial parse(String hostPort, boolean routed) {
            int colon = hostPort.lastIndexOf(':');
            return new Dial(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)), routed);
        }

        @Override
        public String toString() {
            return host + ":" + port + (routed ? " (web port, TLS routing)" : "");
        }
    }

    /** In a connect's context: dial this one through the web port's TLS router. */
    private static final AttributeRepository.AttributeKey<Dial> ROUTED = new AttributeRepository.AttributeKey<>();
    private volatile boolean closed;
    /**
     * The tunnel's session while up: closed by close(), since a session over the web port (SocketSession)
     * belongs to no MINA connector that client.stop() would close.
     */
    private volatile ClientSession current;
    private volatile boolean up;
    /** Serves the proxy's service channels (databases...); refuses them until an agent service is routed. */
    private volatile ServiceChannels.Server services = request -> new ServiceChannels.Refused(
            "this agent serves no " + request.service() + " service");

    /** A tunnel whose channels reach the SSH service over loopback TCP, at {@code localSshPort}. */
    public TunnelClient(String proxyAddr, KeyPair key, String hostCertificate, List<PublicKey> hostCas,
            int localSshPort, Clock clock) {
        this(proxyAddr, key, hostCertificate, hostCas, localSshPort, Optional.empty(), clock);
    }

    /**
     * A tunnel whose channels to the SSH service at {@code localSshPort} are handed to
     * {@code localSsh} (the service's connection handler, SshService.connections()) in-process:
     * no loopback TCP hop on each keystroke (LocalSshHandOver).
     */
    public TunnelClient(String proxyAddr, KeyPair key, String hostCertificate, List<PublicKey> hostCas,
            int localSshPort, IoHandler localSsh, Clock clock) {
        this(proxyAddr, key, hostCertificate, hostCas, localSshPort, Optional.of(localSsh), clock);
    }

    private TunnelClient(String proxyAddr, KeyPair key, String hostCertificate, List<PublicKey> hostCas,
            int localSshPort, Optional<IoHandler> localSsh, Clock clock) {
        int colon = proxyAddr.lastIndexOf(':');
        this.proxyHost = proxyAddr.substring(0, colon);
        this.proxyPort = Integer.parseInt(proxyAddr.substring(colon + 1));
        this.credentials = new Credentials(key, hostCertificate);
        this.hostCas = List.copyOf(hostCas);
        this.localSshPort = localSshPort;
        this.clock = clock;
        this.backoff = new Backoff(Backoff.TUNNEL, ThreadLocalRandom.current()::nextDouble, System::nanoTime);
        Dial fixed = new Dial(proxyHost, proxyPort, false);
        this.route = () -> fixed;
        client = SshClient.setUpDefaultClient();
        SshTransport.apply(client);
        Optional<RoutedIo.Route> inProcess = localSsh.map(handler -> new LocalSshHandOver(localSshPort, handler).route());
        client.setIoServiceFactoryFactory(RoutedIo.with((handler, target, context) -> {
            Dial routed = context == null ? null : context.getAttribute(ROUTED);
            if (routed != null) {
                return dialRouted(routed, handler, context);
            }
            return inProcess.map(r -> r.connect(handler, target, context)).orElse(null);
        }));
        TunnelHandshake.configure(client);
        List<ChannelFactory> factories = new ArrayList<>(client.getChannelFactories());
        factories.add(ServiceChannels.factory(request -> services.open(request)));
        client.setChannelFactories(factories);
        client.setServerKeyVerifier((session, remote, serverKey) -> proxyKeyProblem(serverKey).map(p -> {
            LOG.warn("tunnel: refusing proxy {}: {}", remote, p);
            return false;
        }).orElse(true));
        client.setForwardingFilter(new OnlyToLocalSsh(localSshPort));
        // The proxy's certificate must name the address dialled (like TLS host names); a mismatch is
        // an error to see, not a reason to fall back to the bare key.
        CoreModuleProperties.ABORT_ON_INVALID_CERTIFICATE.set(client, true);
        client.start();
    }

    /**
     * The renewed key and certificate, for the next login: the tunnel that is up stays up (the
     * proxy checked the old certificate when it came up, as sshd does for sessions).
     */
    public void renew(KeyPair key, String hostCertificate) {
        credentials = new Credentials(key, hostCertificate);
    }

    /** Serve the service channels the proxy opens on this tunnel with {@code server}. Call before {@link #run()}. */
    public void serveChannels(ServiceChannels.Server server) {
        this.services = server;
    }

    /**
     * Decide at each connect where to dial ({@code route}, e.g. from the proxy's /v1/webapi/ping),
     * with {@code tls} for the web port. Call before {@link #run()}.
     */
    public void routeBy(Supplier<Dial> route, Supplier<SSLContext> tls) {
        this.route = route;
        this.routedTls = tls;
    }

    /** The TLS connection and the SSH client's session over it; a failure fails the connect future. */
    private IoConnectFuture dialRouted(Dial dial, IoHandler handler, AttributeRepository context) {
        try {
            return SocketSession.connected(TlsRouting.dial(routedTls.get(), dial.host(), dial.port(),
                    TlsRouting.TUNNEL, STEP_TIMEOUT), handler, context);
        } catch (IOException | RuntimeException e) {
            DefaultIoConnectFuture failed = new DefaultIoConnectFuture(dial, null);
            failed.setException(e);
            return failed;
        }
    }

    public boolean isUp() {
        return up;
    }

    @Override
    public void run() {
        while (!closed) {
            String what;
            Dial dial = null;
            try (ClientSession session = connect(dial = route.get())) {
                current = session;
                if (closed) {
                    break;
                }
                up = true;
                long upSince = System.nanoTime();
                LOG.info("tunnel to proxy {} is up", dial);
                session.waitFor(EnumSet.of(ClientSessionEvent.CLOSED), 0L);
                up = false;
                Duration upFor = Duration.ofNanos(System.nanoTime() - upSince);
                backoff.lost(upFor);
                what = "lost after " + upFor.toSeconds() + " s";
            } catch (IOException | RuntimeException e) {
                up = false;
                what = "failed: " + e.getMessage();
            }
            if (!closed) {
                Duration wait = backoff.next();
                LOG.warn("tunnel to proxy {} {}; reconnecting in {} ms", dial == null ? proxyHost + ":" + proxyPort
                        : dial, what, wait.toMillis());
                sleep(wait);
            }
        }
    }

    private ClientSession connect(Dial dial) throws IOException {
        AttributeRepository context = dial.routed() ? AttributeRepository.ofKeyValuePair(ROUTED, dial) : null;
        ClientSession session = client.connect(TunnelProtocol.TUNNEL_USER, new InetSocketAddress(dial.host(),
                dial.port()), context, null).verify(STEP_TIMEOUT).getSession();
        Credentials login = credentials;
        return TunnelHandshake.login(session, login.key(), login.hostCertificate(), localSshPort);
    }

    private Optional<String> proxyKeyProblem(PublicKey serverKey) {
        if (!(serverKey instanceof OpenSshCertificate cert)) {
            return Optional.of("it presented a plain host key, not a certificate from this cluster's host CA");
        }
        Optional<String> problem = SshCertificateVerifier.problem(cert, OpenSshCertificate.Type.HOST, hostCas,
                clock.instant());
        if (problem.isEmpty() && !IdentityCodec.hostFromSsh(cert).systemRoles().contains("proxy")) {
            // Another node's host certificate is from the same CA: only a proxy may carry tunnels.
            return Optional.of("its certificate (" + cert.getId() + ") is not a proxy's");
        }
        return problem;
    }

    private void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        ClientSession open = current;
        if (open != null) {
            open.close(true);
        }
        client.stop();
    }

    /** The proxy may only open channels to this agent's own SSH service. */
    private record OnlyToLocalSsh(int port) implements ForwardingFilter {
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
            return false;
        }

        @Override
        public boolean canConnect(Type type, SshdSocketAddress address, Session session) {
            return type == Type.Forwarded && address.getPort() == port;
        }
    }
}
