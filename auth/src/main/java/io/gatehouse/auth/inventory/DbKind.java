package io.gatehouse.auth.inventory;

import io.gatehouse.shared.audit.EventType;
import io.gatehouse.shared.cert.HostIdentity;
import io.gatehouse.shared.resource.DbSpec;
import io.gatehouse.shared.resource.Kind;
import io.gatehouse.shared.resource.Resource;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Databases are named by the agent's config (databases: in agent.yaml); the URI is where that agent
 * dials (seen from it, never by the proxy), and the serving agent is the certificate's host id.
 */
@ApplicationScoped
public class DbKind implements HostedKind {
    @Override
    public Kind kind() {
        return Kind.DB;
    }

    @Override
    public EventType created() {
        return EventType.DB_CREATE;
    }

    @Override
    public Admission admit(HostIdentity host, Resource<?> announced) {
        if (!(announced.spec() instanceof DbSpec d) || !DbSpec.knownProtocol(d.protocol())) {
            return Admission.refused("a database's protocol is postgres or mysql");
        }
        return Admission.admitted(new Resource<>(Kind.DB, announced.version(), announced.metadata(),
                new DbSpec(d.protocol(), d.uri(), host.hostId(), d.loginUser())));
    }
}
