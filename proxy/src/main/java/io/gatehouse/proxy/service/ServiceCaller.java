package io.gatehouse.proxy.service;

import io.gatehouse.shared.cert.IdentityCodec;
import io.gatehouse.shared.cert.Keys;
import io.gatehouse.shared.cert.UserIdentity;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Optional;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * The user behind a connection on a user-certificate route (databases, apps): the client
 * certificate its TLS presented (the TLS verified it against the user CA, UserCaTrust), with the
 * PEM forwarded to the agent, which verifies it again. A host certificate or an expired one is
 * refused; none at all is empty (the front asks for one in its protocol, or refuses).
 */
public record ServiceCaller(UserIdentity user, String certificatePem) {
    /** A refusal of the certificate presented, for the person; {@code user} "" when it names none. */
    public static final class Refused extends Exception {
        private final String user;

        Refused(String user, String message) {
            super(message, null, false, false);
            this.user = user;
        }

        public String user() {
            return user;
        }
    }

    /**
     * The caller of {@code tls}, empty when the client presented no certificate; {@code what} (e.g.
     * "database") and {@code login} (e.g. "gate db login") go into refusals.
     */
    public static Optional<ServiceCaller> of(SSLSession tls, Clock clock, String what, String login) throws Refused {
        Certificate[] chain;
        try {
            chain = tls.getPeerCertificates();
        } catch (SSLPeerUnverifiedException e) {
            return Optional.empty();
        }
        if (chain.length == 0 || !(chain[0] instanceof X509Certificate cert)) {
            return Optional.empty();
        }
        if (IdentityCodec.isHostCertificate(cert)) {
            throw new Refused("", "a host certificate cannot open " + what + " sessions; connect with your own: "
                    + login + " NAME");
        }
        UserIdentity user = IdentityCodec.userFromX509(cert);
        if (!user.expires().isAfter(clock.instant())) {
            throw new Refused(user.username(), "your " + what + " certificate expired at " + user.expires() + "; run "
                    + login + " again");
        }
        return Optional.of(new ServiceCaller(user, Keys.certificateToPem(cert)));
    }
}
