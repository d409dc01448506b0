package io.gatehouse.shared.rbac;

import io.gatehouse.shared.cert.UserIdentity;
import io.gatehouse.shared.resource.Resource;
import io.gatehouse.shared.resource.RoleSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The current definitions of the roles a user's certificate names, fetched by name at each
 * decision (so an edited role applies at once; the proxy and agents fetch through
 * {@link CachedRoleFetch}, so within its one-second TTL) — failing closed. If any one role cannot be
 * fetched, because auth no longer has it or cannot be reached, the user gets a checker that
 * refuses everything and says why: deciding with the rest would silently drop that role's deny
 * rules, and a certificate naming a deleted role is out of date anyway.
 */
public final class CertificateRoles {
    /** One role by name: empty when auth answers that it does not exist. */
    @FunctionalInterface
    public interface Fetch {
        /** @throws Unavailable when auth cannot be asked or gives no usable answer */
        Optional<Resource<RoleSpec>> role(String name);
    }

    /** Auth could not say what a role is (unreachable, refused the call, answered nonsense). */
    public static final class Unavailable extends RuntimeException {
        public Unavailable(String message) {
            super(message, null, false, false);
        }
    }

    private final Fetch fetch;

    public CertificateRoles(Fetch fetch) {
        this.fetch = fetch;
    }

    public AccessChecker checkerFor(UserIdentity user) {
        List<Resource<RoleSpec>> roles = new ArrayList<>();
        for (String name : user.roles()) {
            Optional<Resource<RoleSpec>> role;
            try {
                role = fetch.role(name);
            } catch (Unavailable e) {
                return AccessChecker.refusing("role '" + name + "' of " + user.username() + " could not be fetched "
                        + "from auth (" + e.getMessage() + "); access is refused until auth answers, try again "
                        + "shortly");
            }
            if (role.isEmpty() || !role.get().name().equals(name)) {
                return AccessChecker.refusing("role '" + name + "' in the certificate of " + user.username()
                        + " no longer exists (an administrator deleted it?); access is refused: log in again for "
                        + "a certificate with your current roles, or ask an administrator");
            }
            roles.add(role.get());
        }
        return AccessChecker.of(roles, Traits.of(user.traits()));
    }
}
