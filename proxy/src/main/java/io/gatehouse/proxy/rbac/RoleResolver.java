package io.gatehouse.proxy.rbac;

import io.gatehouse.proxy.authclient.AuthConnection;
import io.gatehouse.shared.api.client.AuthRoleFetch;
import io.gatehouse.shared.cert.UserIdentity;
import io.gatehouse.shared.rbac.AccessChecker;
import io.gatehouse.shared.rbac.CertificateRoles;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/**
 * The current definitions of a user's roles, read from auth on each check, so a role edited or
 * deleted applies at once. A role auth cannot deliver (deleted, or auth unreachable) refuses
 * everything with the reason ({@link CertificateRoles}): fail closed, never a smaller role set.
 */
@Singleton
public class RoleResolver {
    private static final Logger LOG = Logger.getLogger(RoleResolver.class);

    private final CertificateRoles roles;

    public RoleResolver(AuthConnection connection) {
        this.roles = new CertificateRoles(new AuthRoleFetch(connection::auth));
    }

    public AccessChecker rolesOf(UserIdentity user) {
        AccessChecker checker = roles.checkerFor(user);
        checker.refusal().ifPresent(reason -> LOG.infof("refusing %s: %s", user.username(), reason));
        return checker;
    }
}
