package io.gatehouse.proxy.sshjump;

import io.gatehouse.proxy.audit.RefusalAudit;
import io.gatehouse.proxy.authclient.AuthConnection;
import io.gatehouse.proxy.config.ProxyConfig;
import io.gatehouse.proxy.nodes.NodeDirectory;
import io.gatehouse.proxy.nodes.NodeInventory;
import io.gatehouse.proxy.rbac.RoleResolver;
import io.gatehouse.proxy.tunnel.TunnelService;
import io.gatehouse.shared.cert.IdentityCodec;
import io.gatehouse.shared.cert.Keys;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.security.PublicKey;
import java.time.Clock;
import java.util.List;
import org.jboss.logging.Logger;

/** Runs the jump host on the proxy's SSH port, fed by auth: user CA keys, node inventory, roles. */
@Singleton
public class JumpHostService {
    private static final Logger LOG = Logger.getLogger(JumpHostService.class);

    private final AuthConnection connection;
    private final ProxyConfig config;
    private final NodeInventory nodes;
    private final RoleResolver roles;
    private final RefusalAudit refusals;
    private final TunnelService tunnels;
    private JumpHost jumpHost;

    public JumpHostService(AuthConnection connection, ProxyConfig config, NodeInventory nodes, RoleResolver roles,
            RefusalAudit refusals, TunnelService tunnels) {
        this.connection = connection;
        this.tunnels = tunnels;
        this.config = config;
        this.nodes = nodes;
        this.roles = roles;
        this.refusals = refusals;
    }

    void start(@Observes StartupEvent event) throws IOException {
        var id = connection.identity();
        List<PublicKey> userCas = connection.whenReachable("the user CA", auth -> auth.api().ca("user"))
                .sshPublicKeys().stream().map(Keys::parseOpenSshPublicKey).toList();
        String clusterName = IdentityCodec.hostFromX509(id.tlsCertificate()).clusterName();
        jumpHost = new JumpHost(id.keyPair(),
                id.sshCertificate(), userCas, withoutClusterSuffix(nodes.routes(), clusterName), roles::rolesOf,
                Clock.systemUTC(), config.separateListenerHost(), config.separateListeners() ? config.sshPort() : 0,
                refusals::refused);
        jumpHost.reachTunnelsInProcess(tunnels.registry());
        jumpHost.start();
        LOG.infof("SSH jump host listening on %s:%d%s", config.separateListenerHost(), jumpHost.port(),
                config.separateListeners() ? " and, by TLS routing, on the web port" : " (unadvertised; served on the web port)");
    }

    /** Where the web port's router hands connections that asked for gatehouse-ssh. */
    public org.apache.sshd.common.io.IoHandler connections() {
        return jumpHost.connections();
    }

    void stop(@Observes ShutdownEvent event) throws IOException {
        if (jumpHost != null) {
            jumpHost.close();
        }
    }

    /** `gate config` names nodes NODE.CLUSTER so one ssh_config block covers a cluster; both forms route. */
    static NodeDirectory withoutClusterSuffix(NodeDirectory nodes, String clusterName) {
        String suffix = "." + clusterName;
        return name -> nodes.resolve(name).or(() -> name.endsWith(suffix)
                ? nodes.resolve(name.substring(0, name.length() - suffix.length())) : java.util.Optional.empty());
    }
}
