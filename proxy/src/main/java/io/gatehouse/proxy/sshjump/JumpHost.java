package io.gatehouse.proxy.sshjump;

import io.gatehouse.proxy.nodes.NodeDirectory;
import io.gatehouse.proxy.tunnel.TunnelChannels;
import io.gatehouse.proxy.tunnel.TunnelRegistry;
import io.gatehouse.shared.cert.IdentityCodec;
import io.gatehouse.shared.cert.SshCertificateSigner;
import io.gatehouse.shared.cert.UserIdentity;
import io.gatehouse.shared.rbac.AccessChecker;
import io.gatehouse.shared.ssh.SshTransport;
import java.io.IOException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Clock;
import java.util.List;
import java.util.function.Function;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.OpenSshCertificate;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.auth.pubkey.UserAuthPublicKeyFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The proxy's SSH jump host (:3023): users authenticate with their user certificate and may only
 * open direct-tcpip channels to nodes (NodeChannel). No shells, no commands, no other channels:
 * the SSH session to the node stays end to end, as with an OpenSSH jump host.
 */
public final class JumpHost implements AutoCloseable {
    static final AttributeKey<UserIdentity> USER = new AttributeKey<>();
    private static final Logger LOG = LoggerFactory.getLogger(JumpHost.class);

    private final SshServer server;

    public JumpHost(KeyPair hostKey, String hostCertificate, List<PublicKey> userCas, NodeDirectory nodes,
            Function<UserIdentity, AccessChecker> roles, Clock clock, String host, int port, RefusalSink refusals) {
        OpenSshCertificate cert = SshCertificateSigner.parse(hostCertificate);
        server = SshServer.setUpDefaultServer();
        SshTransport.apply(server);
        server.setHost(host);
        server.setPort(port);
        server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        server.setHostKeyCertificateProvider(session -> List.of(cert));
        server.setUserAuthFactories(List.of(new UserAuthPublicKeyFactory()));
        server.setPasswordAuthenticator(null);
        server.setKeyboardInteractiveAuthenticator(null);
        server.setPublickeyAuthenticator((username, key, session) -> {
            if (!(key instanceof OpenSshCertificate c) || c.getType() != OpenSshCertificate.Type.USER
                    || userCas.stream().noneMatch(ca -> KeyUtils.compareKeys(ca, c.getCaPubKey()))
                    || clock.instant().getEpochSecond() >= c.getValidBefore()) {
                String why = !(key instanceof OpenSshCertificate) ? "a plain key, not a user certificate"
                        : ((OpenSshCertificate) key).getType() != OpenSshCertificate.Type.USER ? "not a user certificate"
                        : clock.instant().getEpochSecond() >= ((OpenSshCertificate) key).getValidBefore()
                        ? "the certificate has expired" : "the certificate is not signed by this cluster's user CA";
                LOG.info("jump host refused '{}': {}", io.gatehouse.shared.audit.SafeText.of(username), why);
                refusals.refused(username, null, why, String.valueOf(session.getClientAddress()));
                return false;
            }
            session.setAttribute(USER, IdentityCodec.userFromSsh(c));
            return true;
        });
        // Only direct-tcpip, and only to nodes: no session channels (shell/exec) exist here at all.
        server.setChannelFactories(List.of(new NodeChannel.Factory(nodes, roles, refusals)));
        // Like OpenSSH's LoginGraceTime (but shorter): a connection that has not authenticated in
        // 30 s, e.g. one that sent half a packet, is dropped.
        org.apache.sshd.core.CoreModuleProperties.AUTH_TIMEOUT.set(server, java.time.Duration.ofSeconds(30));
        server.setServiceFactories(List.of(org.apache.sshd.server.session.ServerUserAuthServiceFactory.INSTANCE,
                new ExplainedRefusals()));
        // direct-tcpip reaches here only after NodeChannel resolved a node; nothing may listen on the
        // proxy (-R), and no agent or X11 forwarding.
        server.setForwardingFilter(new org.apache.sshd.server.forward.ForwardingFilter() {
            @Override
            public boolean canForwardAgent(org.apache.sshd.common.session.Session session, String requestType) {
                return false;
            }

            @Override
            public boolean canForwardX11(org.apache.sshd.common.session.Session session, String requestType) {
                return false;
            }

            @Override
            public boolean canListen(org.apache.sshd.common.util.net.SshdSocketAddress address,
                    org.apache.sshd.common.session.Session session) {
                return false;
            }

            @Override
            public boolean canConnect(Type type, org.apache.sshd.common.util.net.SshdSocketAddress address,
                    org.apache.sshd.common.session.Session session) {
                return type == Type.Direct;
            }
        });
    }

    /**
     * Forwards to a node with a tunnel to this proxy go straight into a channel of that tunnel
     * (TunnelChannels) rather than through its loopback port: one loopback TCP hop less each way.
     * Call before {@link #start()}.
     */
    public void reachTunnelsInProcess(TunnelRegistry tunnels) {
        server.setIoServiceFactoryFactory(TunnelChannels.io(tunnels::findByAddress));
    }

    public void start() throws IOException {
        server.start();
    }

    /** The server's session handler: connections handed to it are served like those from its port. */
    public org.apache.sshd.common.io.IoHandler connections() {
        return server.getSessionFactory();
    }

    public int port() {
        return server.getPort();
    }

    @Override
    public void close() throws IOException {
        server.stop(true);
    }
}
