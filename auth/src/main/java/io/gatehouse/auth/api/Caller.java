package io.gatehouse.auth.api;

import io.gatehouse.shared.cert.HostIdentity;
import io.gatehouse.shared.cert.UserIdentity;

/** Who is calling the auth API, as proven by a client certificate from the user CA or the host CA. */
public sealed interface Caller permits Caller.User, Caller.Host {

    /** The name written into audit events. */
    String name();

    /** When the certificate behind this caller stops being valid. */
    java.time.Instant expires();

    record User(UserIdentity identity) implements Caller {
        @Override
        public String name() {
            return identity.username();
        }

        @Override
        public java.time.Instant expires() {
            return identity.expires();
        }
    }

    record Host(HostIdentity identity) implements Caller {
        @Override
        public String name() {
            return identity.nodeName().isBlank() ? identity.hostId() : identity.nodeName();
        }

        @Override
        public java.time.Instant expires() {
            return identity.expires();
        }

        public boolean has(String systemRole) {
            return identity.systemRoles().contains(systemRole);
        }
    }
}
