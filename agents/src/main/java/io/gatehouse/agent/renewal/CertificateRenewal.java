package io.gatehouse.agent.renewal;

import io.gatehouse.shared.api.HostCertsResponse;
import io.gatehouse.shared.cert.IdentityFile;
import io.gatehouse.shared.cert.Keys;
import io.gatehouse.shared.cert.RenewableIdentity;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renews the agent's host certificates when two thirds of their lifetime have passed (10 days
 * before the end of a 30-day identity), for a new key: asks auth with the current certificate,
 * writes the new identity file atomically, then hands it to everything that presents it. A failed
 * attempt is retried (1 min, doubling to 1 h) and logged with how long the certificate has left;
 * an expired identity cannot renew itself and the log says to join again.
 */
public final class CertificateRenewal implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(CertificateRenewal.class);
    static final Duration FIRST_RETRY = Duration.ofMinutes(1);
    static final Duration MAX_RETRY = Duration.ofHours(1);

    /** Asks auth for certificates for a new public key (OpenSSH format), as the current identity. */
    @FunctionalInterface
    public interface Issuer {
        HostCertsResponse renew(String openSshPublicKey);
    }

    private final RenewableIdentity identity;
    private final Path file;
    private final Issuer issuer;
    private final Clock clock;

    public CertificateRenewal(RenewableIdentity identity, Path file, Issuer issuer, Clock clock) {
        this.identity = identity;
        this.file = file;
        this.issuer = issuer;
        this.clock = clock;
    }

    /** When the current certificate should be renewed. */
    public static Instant renewAt(X509Certificate cert) {
        Instant from = cert.getNotBefore().toInstant();
        Instant to = cert.getNotAfter().toInstant();
        return from.plus(Duration.between(from, to).multipliedBy(2).dividedBy(3));
    }

    @Override
    public void run() {
        Duration retry = FIRST_RETRY;
        while (!Thread.currentThread().isInterrupted()) {
            X509Certificate cert = identity.current().tlsCertificate();
            Duration wait = Duration.between(clock.instant(), renewAt(cert));
            try {
                if (!wait.isNegative() && !wait.isZero()) {
                    // Wake at least hourly: a suspended laptop or VM does not keep time while asleep.
                    Thread.sleep(Math.min(wait.toMillis(), Duration.ofHours(1).toMillis()));
                    continue;
                }
                if (renewOnce()) {
                    retry = FIRST_RETRY;
                } else {
                    Thread.sleep(retry.toMillis());
                    retry = retry.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : retry.multipliedBy(2);
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** One attempt; true when the new identity is in place. */
    public boolean renewOnce() {
        X509Certificate cert = identity.current().tlsCertificate();
        Instant expires = cert.getNotAfter().toInstant();
        if (!clock.instant().isBefore(expires)) {
            LOG.error("host certificate expired at {}: it cannot renew itself; join again (stop the agent, remove "
                    + "{}, set a new token from gatectl tokens add --type=node and start it)", expires, file);
            return false;
        }
        try {
            KeyPair key = Keys.generateEcdsaP256();
            HostCertsResponse certs = issuer.renew(Keys.toOpenSshPublicKey(key.getPublic()));
            IdentityFile renewed = new IdentityFile(Keys.privateKeyToPem(key.getPrivate()), certs.sshCertificate(),
                    certs.tlsCertificate(), certs.tlsCaCertificates(), certs.sshUserCaKeys());
            renewed.writeTo(file);
            identity.replace(renewed);
            LOG.info("host certificates renewed; valid until {}", renewed.tlsCertificate().getNotAfter().toInstant());
            return true;
        } catch (Exception e) {
            LOG.warn("renewing the host certificates failed ({}); the current ones expire at {} ({} from now); "
                    + "retrying", e.getMessage(), expires, Duration.between(clock.instant(), expires).toHours() + "h");
            return false;
        }
    }
}
