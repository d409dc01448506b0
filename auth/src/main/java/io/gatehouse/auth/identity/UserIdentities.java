package io.gatehouse.auth.identity;

import io.gatehouse.auth.api.ApiException;
import io.gatehouse.auth.api.TtlParameter;
import io.gatehouse.auth.config.GatehouseConfig;
import io.gatehouse.shared.cert.UserIdentity;
import io.gatehouse.shared.rbac.AccessChecker;
import io.gatehouse.shared.resource.Durations;
import io.gatehouse.shared.resource.Resource;
import io.gatehouse.shared.resource.UserSpec;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides what goes into a user's certificate: roles and traits from the user resource, logins
 * from the roles, and a TTL no longer than every role allows. An explicit TTL above that cap is
 * refused (never silently shortened), so automation learns about it instead of failing later.
 */
@ApplicationScoped
public class UserIdentities {
    /** Certificates are valid from a minute ago so small clock skew between hosts does not reject them. */
    static final Duration BACKDATE = Duration.ofMinutes(1);

    private final GatehouseConfig config;
    private final Clock clock;

    public UserIdentities(GatehouseConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    public UserIdentity build(Resource<UserSpec> user, AccessChecker checker, Optional<String> requestedTtl) {
        Duration max = checker.maxSessionTtl();
        Duration ttl;
        Optional<Duration> requested = TtlParameter.parse(requestedTtl.orElse(null), "TTL", Optional.empty());
        if (requested.isPresent()) {
            ttl = requested.get();
            if (ttl.compareTo(max) > 0) {
                throw ApiException.invalid("requested TTL " + Durations.format(ttl) + " for user '" + user.name()
                        + "' exceeds the maximum " + Durations.format(max) + " allowed by roles "
                        + checker.roleNames() + " (max_session_ttl); ask for at most " + Durations.format(max));
            }
        } else {
            ttl = checker.capTtl(config.auth().defaultCertTtl());
        }
        Instant now = clock.instant();
        Map<String, List<String>> traits = user.spec().traits();
        return new UserIdentity(user.name(), user.spec().roles(), traits, List.copyOf(checker.allowedLogins()),
                now.minus(BACKDATE), now.plus(ttl), Map.of(), checker.permitPortForwarding(), checker.permitPty(),
                Optional.empty());
    }

    /**
     * An identity with an approved access request's roles added ({@code checker} is built from all
     * of them): it names the request and ends no later than the request, nor than the roles allow.
     */
    public UserIdentity withRequest(Resource<UserSpec> user, List<String> allRoles, AccessChecker checker,
            String requestId, Instant requestExpires) {
        Instant now = clock.instant();
        Instant end = now.plus(checker.capTtl(config.auth().defaultCertTtl()));
        if (requestExpires.isBefore(end)) {
            end = requestExpires;
        }
        return new UserIdentity(user.name(), allRoles, user.spec().traits(), List.copyOf(checker.allowedLogins()),
                now.minus(BACKDATE), end, Map.of(), checker.permitPortForwarding(), checker.permitPty(),
                Optional.of(requestId));
    }
}
