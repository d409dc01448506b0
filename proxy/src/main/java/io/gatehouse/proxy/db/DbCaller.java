package io.gatehouse.proxy.db;

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
 * The user behind a database connection: the client certificate its TLS presented (the TLS itself
 * verified it against the user CA, UserCaTrust), read with the certificate PEM the agent verifies
 * again. A host certificate or an expired one is refused; none at all is empty (the front then asks
 * for one in its protocol or refuses).
 */
public record DbCaller(UserIdentity user, String certificatePem) {
    /** The caller of {@code tls}, empty when the client presented no certificate. */
    public static Optional<DbCaller> of(SSLSession tls, Clock clock) throws DbRefusal {
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
            throw new DbRefusal(DbRefusal.Kind.USER, "", "a host certificate cannot open database sessions; "
                    + "connect with your own: gate db login NAME");
        }
        UserIdentity user = IdentityCodec.userFromX509(cert);
        if (!user.expires().isAfter(clock.instant())) {
            throw new DbRefusal(DbRefusal.Kind.USER, user.username(), "your database certificate expired at "
                    + user.expires() + "; run gate db login again");
        }
        return Optional.of(new DbCaller(user, Keys.certificateToPem(cert)));
    }
}
