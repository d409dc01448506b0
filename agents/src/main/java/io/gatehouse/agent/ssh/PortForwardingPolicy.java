package io.gatehouse.agent.ssh;

import io.gatehouse.shared.cert.UserIdentity;
import java.util.Optional;
import java.util.Set;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.util.net.SshdSocketAddress;
import org.apache.sshd.server.forward.ForwardingFilter;

/**
 * -L and -R only where both the certificate (permit-port-forwarding, fixed at issue) and the
 * user's current roles (port_forwarding option; a role edit applies at once) allow it. Remote
 * listeners bind loopback only, like OpenSSH's default GatewayPorts no. Agent and X11 forwarding
 * are not offered. Every decision is an audit event.
 */
final class PortForwardingPolicy implements ForwardingFilter {
    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "::1", "0:0:0:0:0:0:0:1");

    private final RoleSource roles;
    private final SessionAudit audit;

    PortForwardingPolicy(RoleSource roles, SessionAudit audit) {
        this.roles = roles;
        this.audit = audit;
    }

    @Override
    public boolean canForwardAgent(Session session, String requestType) {
        return false;
    }

    @Override
    public boolean canForwardX11(Session session, String requestType) {
        return false;
    }

    @Override
    public boolean canListen(SshdSocketAddress address, Session session) {
        Optional<String> refusal = refusal(session).or(() -> LOOPBACK.contains(address.getHostName())
                ? Optional.empty() : Optional.of("remote forwards listen on loopback only, not on '"
                + address.getHostName() + "'"));
        audit.portForward(session, "remote", address.toString(), refusal);
        return refusal.isEmpty();
    }

    @Override
    public boolean canConnect(Type type, SshdSocketAddress address, Session session) {
        if (type != Type.Direct) {
            return false;
        }
        Optional<String> refusal = refusal(session);
        audit.portForward(session, "local", address.toString(), refusal);
        return refusal.isEmpty();
    }

    private Optional<String> refusal(Session session) {
        UserIdentity user = session.getAttribute(UserCertificateAuthenticator.USER);
        if (user == null) {
            return Optional.of("not authenticated");
        }
        if (UserCertificateAuthenticator.DESKTOP_LOGIN.equals(session.getUsername())) {
            return Optional.of("a desktop session cannot forward ports");
        }
        if (!user.permitPortForwarding()) {
            return Optional.of("the certificate does not permit port forwarding");
        }
        if (!roles.checkerFor(user).permitPortForwarding()) {
            return Optional.of("a role of " + user.username() + " forbids port forwarding (port_forwarding: false)");
        }
        return Optional.empty();
    }
}
