package io.gatehouse.proxy.sshjump;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.proxy.authclient.AuthConnection;
import io.gatehouse.proxy.config.ProxyConfig;
import io.gatehouse.proxy.tunnel.TunnelService;
import io.gatehouse.shared.api.ApiPaths;
import io.gatehouse.shared.api.CaExport;
import io.gatehouse.shared.api.client.AuthCallException;
import io.gatehouse.shared.cert.Keys;
import io.gatehouse.shared.cert.UserIdentity;
import io.gatehouse.shared.rbac.AccessChecker;
import io.gatehouse.shared.rbac.Traits;
import io.gatehouse.shared.resource.Resource;
import io.gatehouse.shared.resource.Resources;
import io.gatehouse.shared.resource.RoleSpec;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.security.PublicKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/** Runs the jump host on the proxy's SSH port, fed by auth: user CA keys, node inventory, roles. */
@Singleton
public class JumpHostService {
    private static final Logger LOG = Logger.getLogger(JumpHostService.class);

    private final AuthConnection connection;
    private final ProxyConfig config;
    private final TunnelService tunnels;
    private JumpHost jumpHost;

    public JumpHostService(AuthConnection connection, ProxyConfig config, TunnelService tunnels) {
        this.connection = connection;
        this.config = config;
        this.tunnels = tunnels;
    }

    void start(@Observes StartupEvent event) throws IOException {
        var id = connection.identity();
        var auth = connection.auth();
        List<PublicKey> userCas = auth.get(ApiPaths.CAS + "/user", CaExport.class).sshPublicKeys().stream()
                .map(Keys::parseOpenSshPublicKey).toList();
        jumpHost = new JumpHost(Keys.keyPairFromPrivate(Keys.parsePrivateKeyPem(id.privateKeyPem())),
                id.sshCertificate(), userCas, viaTunnels(new InventoryDirectory(auth, Clock.systemUTC())), this::rolesOf,
                Clock.systemUTC(), config.sshHost(), config.sshPort());
        jumpHost.start();
        LOG.infof("SSH jump host listening on %s:%d", config.sshHost(), jumpHost.port());
    }

    void stop(@Observes ShutdownEvent event) throws IOException {
        if (jumpHost != null) {
            jumpHost.close();
        }
    }

    /** A node with a live tunnel to this proxy is reached through it, whatever address it advertises. */
    private NodeDirectory viaTunnels(NodeDirectory inventory) {
        return name -> inventory.resolve(name).map(route -> tunnels.registry().find(route.hostId())
                .map(t -> route.withAddress(t.address())).orElse(route));
    }

    /** The current definitions of the user's roles, read from auth (roles edited apply at once). */
    private AccessChecker rolesOf(UserIdentity user) {
        List<Resource<RoleSpec>> roles = new ArrayList<>();
        for (String name : user.roles()) {
            try {
                JsonNode tree = connection.auth().get(ApiPaths.RESOURCES + "/role/" + name, JsonNode.class);
                roles.add(Resources.parseJson(tree.toString(), "role/" + name).as(RoleSpec.class));
            } catch (AuthCallException e) {
                LOG.debugf("role %s of %s unavailable: %s", name, user.username(), e.getMessage());
            }
        }
        return AccessChecker.of(roles, Traits.of(user.traits()));
    }
}
