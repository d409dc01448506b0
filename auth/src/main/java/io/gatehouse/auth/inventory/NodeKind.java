package io.gatehouse.auth.inventory;

import io.gatehouse.shared.audit.EventType;
import io.gatehouse.shared.cert.HostIdentity;
import io.gatehouse.shared.resource.Kind;
import io.gatehouse.shared.resource.NodeSpec;
import io.gatehouse.shared.resource.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;

/**
 * A node announces itself only: its name and host id are its certificate's, and an address is
 * stored only where auth pinned it at join (DirectAddress), so no heartbeat can point the proxy
 * elsewhere.
 */
@ApplicationScoped
public class NodeKind implements HostedKind {
    @Override
    public Kind kind() {
        return Kind.NODE;
    }

    @Override
    public EventType created() {
        return EventType.NODE_CREATE;
    }

    @Override
    public int maxPerBeat() {
        return 1;
    }

    @Override
    public String name(HostIdentity host, String announced) {
        return host.nodeName();
    }

    @Override
    public Admission admit(HostIdentity host, Resource<?> announced) {
        String addr = announced.spec() instanceof NodeSpec n ? n.addr().trim() : "";
        Optional<String> problem = DirectAddress.problem(host, addr);
        if (problem.isPresent()) {
            return Admission.refused(problem.get());
        }
        return Admission.admitted(new Resource<>(Kind.NODE, announced.version(), announced.metadata(),
                new NodeSpec(host.nodeName(), addr, host.hostId(), Map.of())));
    }
}
