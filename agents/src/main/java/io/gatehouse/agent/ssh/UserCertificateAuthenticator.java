package io.gatehouse.agent.ssh;

import io.gatehouse.shared.cert.IdentityCodec;
import io.gatehouse.shared.cert.UserIdentity;
import io.gatehouse.shared.rbac.Decision;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.OpenSshCertificate;
import org.apache.sshd.server.auth.pubkey.PublickeyAuthenticator;
import org.apache.sshd.server.session.ServerSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts only user certificates from the cluster's user CA, for a login the certificate names,
 * that the user's roles allow on this node. MINA checks the certificate's signature, type and
 * validity window itself, but neither WHICH CA signed it nor the principals (TOOLCHAIN.md):
 * both are checked here, along with expiry again, so this class alone decides.
 */
public final class UserCertificateAuthenticator implements PublickeyAuthenticator {
    /** The identity of an authenticated session, for the channels that follow. */
    public static final AttributeKey<UserIdentity> USER = new AttributeKey<>();
    /**
     * The login of a desktop session (the proxy carrying a browser's desktop): no Unix account can
     * be named so, and such a session opens the desktop subsystem only, which checks the roles'
     * desktop logins itself. The certificate (CA, type, validity) is checked as for any login.
     */
    public static final String DESKTOP_LOGIN = "-desktop";
    private static final Logger LOG = LoggerFactory.getLogger(UserCertificateAuthenticator.class);

    public record Refusal(String login, String user, String reason) {
    }

    private final NodeIdentity node;
    private final RoleSource roles;
    private final LocalLogins logins;
    private final Clock clock;
    private final Consumer<Refusal> onRefusal;

    public UserCertificateAuthenticator(NodeIdentity node, RoleSource roles, LocalLogins logins, Clock clock,
            Consumer<Refusal> onRefusal) {
        this.node = node;
        this.roles = roles;
        this.logins = logins;
        this.clock = clock;
        this.onRefusal = onRefusal;
    }

    @Override
    public boolean authenticate(String login, PublicKey key, ServerSession session) {
        Optional<String> refusal = check(login, key);
        if (refusal.isPresent()) {
            String user = key instanceof OpenSshCertificate c ? c.getId() : "(no certificate)";
            LOG.info("refused SSH login '{}' for {}: {}", login, user, refusal.get());
            onRefusal.accept(new Refusal(login, user, refusal.get()));
            return false;
        }
        session.setAttribute(USER, IdentityCodec.userFromSsh((OpenSshCertificate) key));
        return true;
    }

    Optional<String> check(String login, PublicKey key) {
        if (!(key instanceof OpenSshCertificate cert)) {
            return Optional.of("plain keys are not accepted: log in with a certificate from the cluster");
        }
        if (cert.getType() != OpenSshCertificate.Type.USER) {
            return Optional.of("a host certificate cannot be used to log in");
        }
        if (node.trustedUserCas().stream().noneMatch(ca -> KeyUtils.compareKeys(ca, cert.getCaPubKey()))) {
            return Optional.of("the certificate is not signed by this cluster's user CA");
        }
        Instant now = clock.instant();
        if (now.getEpochSecond() >= cert.getValidBefore() || now.getEpochSecond() < cert.getValidAfter()) {
            return Optional.of("the certificate is not valid now (expired or not yet valid)");
        }
        if (login.equals(DESKTOP_LOGIN)) {
            return Optional.empty();
        }
        if (!cert.getPrincipals().contains(login)) {
            return Optional.of("the certificate does not allow login '" + login + "'");
        }
        Optional<String> local = logins.refusal(login);
        if (local.isPresent()) {
            return local;
        }
        UserIdentity user = IdentityCodec.userFromSsh(cert);
        Decision decision = roles.checkerFor(user).checkNode(node.nodeName(), node.labels().current(), login);
        return decision.allowed() ? Optional.empty() : Optional.of(decision.reason());
    }
}
