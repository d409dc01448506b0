package io.gatehouse.auth.inventory;

import io.gatehouse.shared.audit.EventType;
import io.gatehouse.shared.cert.HostIdentity;
import io.gatehouse.shared.resource.DesktopSpec;
import io.gatehouse.shared.resource.Kind;
import io.gatehouse.shared.resource.Resource;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Desktops are named by the agent's config; the address is where that agent dials (seen from it,
 * never by the proxy), and the serving agent is the certificate's host id.
 */
@ApplicationScoped
public class DesktopKind implements HostedKind {
    @Override
    public Kind kind() {
        return Kind.DESKTOP;
    }

    @Override
    public EventType created() {
        return EventType.DESKTOP_CREATE;
    }

    @Override
    public Admission admit(HostIdentity host, Resource<?> announced) {
        String addr = announced.spec() instanceof DesktopSpec d ? d.addr() : "";
        return Admission.admitted(new Resource<>(Kind.DESKTOP, announced.version(), announced.metadata(),
                new DesktopSpec(addr, host.hostId())));
    }
}
