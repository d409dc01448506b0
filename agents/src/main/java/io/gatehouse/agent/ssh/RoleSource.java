package io.gatehouse.agent.ssh;

import io.gatehouse.shared.cert.UserIdentity;
import io.gatehouse.shared.rbac.AccessChecker;

/** Turns the identity in a user certificate into the current definitions of its roles. */
@FunctionalInterface
public interface RoleSource {
    AccessChecker checkerFor(UserIdentity user);
}
