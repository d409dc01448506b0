package io.gatehouse.proxy.rbac;

import io.gatehouse.proxy.authclient.AuthConnection;
import io.gatehouse.shared.api.client.AuthRoleFetch;
import io.gatehouse.shared.cert.UserIdentity;
import io.gatehouse.shared.rbac.AccessChecker;
import io.gatehouse.shared.rbac.CachedRoleFetch;
import io.gatehouse.shared.rbac.CertificateRoles;
import jakarta.inject.Singleton;
import java.time.Clock;
import org.jboss.logging.Logger;

/**
 * The current definitions of a user's roles, read from auth on each check through a cache of at
 * most {@link CachedRoleFetch#TTL} (one second), so a role edited or deleted applies within it and
 * a burst of connections does not ask auth for the same role each time. A role auth cannot
 * deliver (deleted, or auth unreachable: never cached) refuses
 * everything with the reason ({@link CertificateRoles}): fail closed, never a smaller role set.
 */
@Singleton
public class RoleResolver {
    private static final Logger LOG = Logger.getLogger(RoleResolver.class);

    private final CertificateRoles roles;

    public RoleResolver(AuthConnection connection) {
        this.roles = new CertificateRoles(new CachedRoleFetch(new AuthRoleFetch(connection::auth), Clock.systemUTC()));
    }

    public AccessChecker rolesOf(UserIdentity user) {
        AccessChecker checker = roles.checkerFor(user);
        checker.refusal().ifPresent(reason -> LOG.infof("refusing %s: %s", user.username(), reason));
        return checker;
    }
}
