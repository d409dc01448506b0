package io.gatehouse.proxy.rbac;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.proxy.authclient.AuthConnection;
import io.gatehouse.shared.api.ApiPaths;
import io.gatehouse.shared.api.client.AuthCallException;
import io.gatehouse.shared.cert.UserIdentity;
import io.gatehouse.shared.rbac.AccessChecker;
import io.gatehouse.shared.rbac.Traits;
import io.gatehouse.shared.resource.Resource;
import io.gatehouse.shared.resource.Resources;
import io.gatehouse.shared.resource.RoleSpec;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The current definitions of a user's roles, read from auth on each check, so a role edited or
 * deleted applies at once. A role auth cannot deliver grants nothing (deny by default).
 */
@Singleton
public class RoleResolver {
    private static final Logger LOG = Logger.getLogger(RoleResolver.class);

    private final AuthConnection connection;

    public RoleResolver(AuthConnection connection) {
        this.connection = connection;
    }

    public AccessChecker rolesOf(UserIdentity user) {
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
