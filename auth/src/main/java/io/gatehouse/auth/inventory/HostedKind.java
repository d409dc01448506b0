package io.gatehouse.auth.inventory;

import io.gatehouse.shared.audit.EventType;
import io.gatehouse.shared.cert.HostIdentity;
import io.gatehouse.shared.resource.HostedSpec;
import io.gatehouse.shared.resource.Kind;
import io.gatehouse.shared.resource.Resource;

/**
 * What one kind of agent-served resource adds to the shared inventory path (HostedResources):
 * which of the announced fields auth decides itself from the agent's certificate. A new kind
 * (database, app, Kubernetes cluster) is one of these beside its spec record.
 */
public interface HostedKind {
    Kind kind();

    /** The audit event type of a new entry of this kind. */
    EventType created();

    /**
     * A system role the announcing agent's certificate must carry beside "node" (apps: "app"),
     * which only a join token of that type grants; empty: "node" is enough.
     */
    default java.util.Optional<String> systemRole() {
        return java.util.Optional.empty();
    }

    /** At most this many entries in one beat. */
    default int maxPerBeat() {
        return 1000;
    }

    /** The name an entry is stored under (a node is always its certificate's name). */
    default String name(HostIdentity host, String announced) {
        return announced == null ? "" : announced;
    }

    /** The announced resource as it will be stored for {@code host}, or why it will not be. */
    Admission admit(HostIdentity host, Resource<?> announced);

    /** An entry admitted (its host fields set from the certificate), or refused with a reason for a person. */
    record Admission(Resource<? extends HostedSpec> resource, String refusal) {
        static Admission admitted(Resource<? extends HostedSpec> resource) {
            return new Admission(resource, null);
        }

        static Admission refused(String why) {
            return new Admission(null, why);
        }
    }
}
