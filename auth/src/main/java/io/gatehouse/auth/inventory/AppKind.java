package io.gatehouse.auth.inventory;

import io.gatehouse.shared.audit.EventType;
import io.gatehouse.shared.cert.HostIdentity;
import io.gatehouse.shared.resource.AppSpec;
import io.gatehouse.shared.resource.Kind;
import io.gatehouse.shared.resource.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * Apps are named by the agent's config (apps: in agent.yaml); the URI is where that agent reaches
 * the app (seen from it, never dialled by the proxy), and the serving agent is the certificate's
 * host id. Only an agent that joined with the app system role (gatectl tokens add --type=node,app)
 * announces apps: a node token does not let an SSH node start serving web apps to the cluster.
 */
@ApplicationScoped
public class AppKind implements HostedKind {
    public static final String SYSTEM_ROLE = "app";

    @Override
    public Kind kind() {
        return Kind.APP;
    }

    @Override
    public EventType created() {
        return EventType.APP_CREATE;
    }

    @Override
    public Optional<String> systemRole() {
        return Optional.of(SYSTEM_ROLE);
    }

    @Override
    public Admission admit(HostIdentity host, Resource<?> announced) {
        if (!(announced.spec() instanceof AppSpec a)) {
            return Admission.refused("an app needs a uri: tcp://HOST:PORT, http:// or https://");
        }
        return Admission.admitted(new Resource<>(Kind.APP, announced.version(), announced.metadata(),
                new AppSpec(a.uri(), a.publicAddr(), host.hostId())));
    }
}
