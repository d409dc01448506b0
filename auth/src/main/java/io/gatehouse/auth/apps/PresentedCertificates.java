package io.gatehouse.auth.apps;

import io.gatehouse.shared.app.AppRoute;
import io.gatehouse.shared.cert.IdentityCodec;
import io.gatehouse.shared.cert.Keys;
import io.gatehouse.shared.cert.UserIdentity;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;

/**
 * A user certificate an agent passes on (the one the user presented through the proxy), checked
 * by auth itself as if the user had presented it here: signed by the user CA, valid now, a user's
 * client certificate (never a host's), and routed to the app the token is for. An agent could
 * otherwise mint identities for any user by sending a name.
 */
final class PresentedCertificates {
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

    private PresentedCertificates() {
    }

    /** The certificate's user and when it stops being valid. */
    record Presented(UserIdentity user, Instant notAfter) {
    }

    /** Why the certificate is not good for {@code app}; {@code user} as far as it is known ("" before). */
    static final class Refused extends Exception {
        private final String user;

        Refused(String user, String reason) {
            super(reason, null, false, false);
            this.user = user;
        }

        String user() {
            return user;
        }
    }

    static Presented verify(String pem, X509Certificate userCa, String app, Instant now) throws Refused {
        X509Certificate cert;
        try {
            cert = Keys.parseCertificatePem(pem);
        } catch (RuntimeException e) {
            throw new Refused("", "the request carries no readable user certificate (send the PEM the user presented)");
        }
        if (!cert.getIssuerX500Principal().equals(userCa.getSubjectX500Principal()) || !signedBy(cert, userCa)) {
            throw new Refused("", "the user certificate is not from this cluster's user CA");
        }
        UserIdentity user;
        try {
            user = IdentityCodec.userFromX509(cert);
            if (IdentityCodec.isHostCertificate(cert) || cert.getExtendedKeyUsage() == null
                    || !cert.getExtendedKeyUsage().contains(CLIENT_AUTH) || user.username().isEmpty()) {
                throw new Refused("", "the certificate is not a user's client certificate");
            }
        } catch (CertificateParsingException | RuntimeException e) {
            throw new Refused("", "the user certificate is malformed: " + e.getMessage());
        }
        String name = user.username();
        if (Date.from(now).after(cert.getNotAfter())) {
            throw new Refused(name, "the certificate of " + name + " expired at " + cert.getNotAfter().toInstant()
                    + "; the user runs gate apps login " + app + " (or opens the app again)");
        }
        if (Date.from(now).before(cert.getNotBefore())) {
            throw new Refused(name, "the certificate of " + name + " is not valid before "
                    + cert.getNotBefore().toInstant() + " (is auth's clock right?)");
        }
        Optional<AppRoute> route = AppRoute.of(user.routing());
        if (route.isEmpty() || !route.get().name().equals(app)) {
            throw new Refused(name, "the certificate of " + name + " is routed to " + route.map(r -> "app '"
                    + r.name() + "'").orElse("no app") + ", not to '" + app + "'");
        }
        return new Presented(user, cert.getNotAfter().toInstant());
    }

    private static boolean signedBy(X509Certificate cert, X509Certificate ca) {
        try {
            cert.verify(ca.getPublicKey());
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }
}
