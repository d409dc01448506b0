package io.gatehouse.proxy.tunnel;

import io.gatehouse.shared.cert.HostIdentity;
import io.gatehouse.shared.cert.IdentityCodec;
import io.gatehouse.shared.cert.MalformedCertificateException;
import io.gatehouse.shared.cert.SshCertificateVerifier;
import io.gatehouse.shared.tunnel.TunnelProtocol;
import java.security.PublicKey;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.OpenSshCertificate;
import org.apache.sshd.common.session.ConnectionService;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.helpers.AbstractConnectionServiceRequestHandler;
import org.apache.sshd.common.util.buffer.Buffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Second step of a tunnel's authentication (TunnelProtocol): the agent proved it holds a key;
 * here it shows the host certificate for that key. Only then is the session a tunnel.
 */
final class HostCertificateHandler extends AbstractConnectionServiceRequestHandler {
    /** The plain key the session authenticated with (set by the public key authenticator). */
    static final AttributeKey<PublicKey> AUTH_KEY = new AttributeKey<>();
    /** The certified host behind the session, once its certificate was accepted. */
    static final AttributeKey<HostIdentity> HOST = new AttributeKey<>();
    private static final Logger LOG = LoggerFactory.getLogger(HostCertificateHandler.class);

    private final Supplier<List<PublicKey>> hostCas;
    private final Clock clock;
    private final Consumer<Session> certified;

    /** {@code certified} hears of each session whose certificate was accepted: its handshake is over. */
    HostCertificateHandler(Supplier<List<PublicKey>> hostCas, Clock clock, Consumer<Session> certified) {
        this.hostCas = hostCas;
        this.clock = clock;
        this.certified = certified;
    }

    @Override
    public Result process(ConnectionService service, String request, boolean wantReply, Buffer buffer) {
        if (!TunnelProtocol.HOST_CERTIFICATE_REQUEST.equals(request)) {
            return Result.Unsupported;
        }
        Session session = service.getSession();
        Optional<String> problem;
        OpenSshCertificate cert = null;
        try {
            cert = TunnelProtocol.readHostCertificate(buffer);
            problem = check(session, cert);
        } catch (MalformedCertificateException e) {
            problem = Optional.of("unreadable certificate: " + e.getMessage());
        }
        if (problem.isPresent()) {
            LOG.warn("tunnel from {} refused: {}", session.getRemoteAddress(), problem.get());
            session.close(false);
            return Result.ReplyFailure;
        }
        HostIdentity host = IdentityCodec.hostFromSsh(cert);
        session.setAttribute(HOST, host);
        certified.accept(session);
        return Result.ReplySuccess;
    }

    private Optional<String> check(Session session, OpenSshCertificate cert) {
        PublicKey authKey = session.getAttribute(AUTH_KEY);
        if (authKey == null || !KeyUtils.compareKeys(authKey, cert.getCertPubKey())) {
            return Optional.of("the host certificate is not for the key the agent authenticated with");
        }
        Optional<String> problem = SshCertificateVerifier.problem(cert, OpenSshCertificate.Type.HOST, hostCas.get(),
                clock.instant());
        if (problem.isPresent()) {
            return problem;
        }
        HostIdentity host = IdentityCodec.hostFromSsh(cert);
        if (!host.systemRoles().contains("node")) {
            return Optional.of("host " + host.hostId() + " has no 'node' system role (roles: " + host.systemRoles()
                    + ")");
        }
        return Optional.empty();
    }
}
