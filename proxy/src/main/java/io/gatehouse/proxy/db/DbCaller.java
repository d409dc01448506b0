package io.gatehouse.proxy.db;

import io.gatehouse.proxy.service.ServiceCaller;
import io.gatehouse.shared.cert.UserIdentity;
import java.time.Clock;
import java.util.Optional;
import javax.net.ssl.SSLSession;

/**
 * The user behind a database connection, read as every user-certificate route reads it
 * (ServiceCaller), its refusals in the fronts' own form (DbRefusal).
 */
public record DbCaller(UserIdentity user, String certificatePem) {
    /** The caller of {@code tls}, empty when the client presented no certificate. */
    public static Optional<DbCaller> of(SSLSession tls, Clock clock) throws DbRefusal {
        try {
            return ServiceCaller.of(tls, clock, "database", "gate db login").map(c -> new DbCaller(c.user(),
                    c.certificatePem()));
        } catch (ServiceCaller.Refused e) {
            throw new DbRefusal(DbRefusal.Kind.USER, e.user(), e.getMessage());
        }
    }
}
