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
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Who is behind a service channel (databases, apps): the user certificate the proxy forwarded,
 * verified here against the cluster's user CA and the clock, never the proxy's word; and the
 * current definitions of the roles it names (fail closed: a role auth cannot deliver refuses).
 * Each service checks its own route and rule on top; each refusal says what to run.
 */
public final class ForwardedUsers {
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    /** Certificates in use at once on one agent: past it, the ones known are forgotten. */
    static final int MAX_VERIFIED = 256;

    private final UserCas userCas;
    private final CertificateRoles roles;
    /**
     * Certificates whose signature and kind were checked, by their exact PEM: a client such as
     * gate proxy db --tunnel presents the same one on every connection, and parsing it and
     * checking its signature came at every one. Kept only with the user CA list they were checked
     * against (a rotated list checks them again); validity dates are checked at every use.
     * Refusals are not kept.
     */
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();
    private final AtomicInteger signatureChecks = new AtomicInteger();

    private record Verified(X509Certificate cert, UserIdentity user, List<X509Certificate> cas) {
    }

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
        Verified v = verified.get(pem);
        if (v == null || v.cas() != userCas.current()) {
            v = verifySignatureAndKind(pem, resource, relogin);
            if (verified.size() >= MAX_VERIFIED) {
                verified.clear();
            }
            verified.put(pem, v);
        }
        X509Certificate cert = v.cert();
        UserIdentity user = v.user();
        Date at = Date.from(now);
        if (at.after(cert.getNotAfter())) {
            verified.remove(pem);
            throw new Refusal(user.username(), "the certificate of " + user.username() + " expired at "
                    + cert.getNotAfter().toInstant() + "; run " + relogin);
        }
        if (at.before(cert.getNotBefore())) {
            throw new Refusal(user.username(), "the certificate of " + user.username() + " is not valid before "
                    + cert.getNotBefore().toInstant() + " (is this host's clock right?)");
        }
        return user;
    }

    /** How many certificates had their signature checked (tests: the rest came from {@link #verified}). */
    public int signatureChecks() {
        return signatureChecks.get();
    }

    private Verified verifySignatureAndKind(String pem, String resource, String relogin) throws Refusal {
        signatureChecks.incrementAndGet();
        X509Certificate cert;
        try {
            cert = Keys.parseCertificatePem(pem);
        } catch (RuntimeException e) {
            throw new Refusal("", "the request for '" + resource + "' carries no readable user certificate; run "
                    + relogin);
        }
        List<X509Certificate> cas = userCas.current();
        if (cas.stream().noneMatch(ca -> signedBy(cert, ca))) {
            if (!userCas.refetch() || userCas.current().stream().noneMatch(ca -> signedBy(cert, ca))) {
                throw new Refusal("", "the client certificate is not from this cluster's user CA; run " + relogin);
            }
            cas = userCas.current();
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
        return new Verified(cert, user, cas);
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
