package io.gatehouse.agent.service;

import io.gatehouse.shared.cert.IdentityCodec;
import io.gatehouse.shared.cert.Keys;
import io.gatehouse.shared.cert.UserIdentity;
import io.gatehouse.shared.rbac.AccessChecker;
import io.gatehouse.shared.rbac.CertificateRoles;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;

/**
 * Who is behind a service channel (databases, apps): the user certificate the proxy forwarded,
 * verified here against the cluster's user CA and the clock, never the proxy's word; and the
 * current definitions of the roles it names (fail closed: a role auth cannot deliver refuses).
 * Each service checks its own route and rule on top; each refusal says what to run.
 */
public final class ForwardedUsers {
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

    private final UserCas userCas;
    private final CertificateRoles roles;

    public ForwardedUsers(UserCas userCas, CertificateRoles roles) {
        this.userCas = userCas;
        this.roles = roles;
    }

    /** Refused, with the reason for the person; {@code user} as far as it is known ("" before the certificate). */
    public static final class Refusal extends Exception {
        private final String user;

        public Refusal(String user, String reason) {
            super(reason, null, false, false);
            this.user = user;
        }

        public String user() {
            return user;
        }
    }

    /**
     * The user of {@code pem}, a client certificate from the user CA valid at {@code now};
     * {@code resource} and {@code relogin} (the command that gets a good one) go into refusals.
     */
    public UserIdentity verify(String pem, String resource, String relogin, Instant now) throws Refusal {
        X509Certificate cert;
        try {
            cert = Keys.parseCertificatePem(pem);
        } catch (RuntimeException e) {
            throw new Refusal("", "the request for '" + resource + "' carries no readable user certificate; run "
                    + relogin);
        }
        if (userCas.current().stream().noneMatch(ca -> signedBy(cert, ca))
                && (!userCas.refetch() || userCas.current().stream().noneMatch(ca -> signedBy(cert, ca)))) {
            throw new Refusal("", "the client certificate is not from this cluster's user CA; run " + relogin);
        }
        UserIdentity user;
        try {
            user = IdentityCodec.userFromX509(cert);
            if (IdentityCodec.isHostCertificate(cert) || cert.getExtendedKeyUsage() == null
                    || !cert.getExtendedKeyUsage().contains(CLIENT_AUTH) || user.username().isEmpty()) {
                throw new Refusal("", "the client certificate is not a user's; run " + relogin);
            }
        } catch (CertificateParsingException | RuntimeException e) {
            throw new Refusal("", "the client certificate is malformed: " + e.getMessage());
        }
        Date at = Date.from(now);
        if (at.after(cert.getNotAfter())) {
            throw new Refusal(user.username(), "the certificate of " + user.username() + " expired at "
                    + cert.getNotAfter().toInstant() + "; run " + relogin);
        }
        if (at.before(cert.getNotBefore())) {
            throw new Refusal(user.username(), "the certificate of " + user.username() + " is not valid before "
                    + cert.getNotBefore().toInstant() + " (is this host's clock right?)");
        }
        return user;
    }

    /** The user's roles as auth defines them now; refused when one cannot be fetched. */
    public AccessChecker roles(UserIdentity user) throws Refusal {
        AccessChecker checker = roles.checkerFor(user);
        if (checker.refusal().isPresent()) {
            throw new Refusal(user.username(), checker.refusal().get());
        }
        return checker;
    }

    private static boolean signedBy(X509Certificate cert, X509Certificate ca) {
        if (!cert.getIssuerX500Principal().equals(ca.getSubjectX500Principal())) {
            return false;
        }
        try {
            cert.verify(ca.getPublicKey());
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }
}
