package io.gatehouse.auth.ca;

import io.gatehouse.auth.api.ApiException;
import io.gatehouse.auth.api.TtlParameter;
import io.gatehouse.shared.api.SignHostRequest;
import io.gatehouse.shared.cert.HostIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Validates what an admin asks to put in a host certificate. */
@ApplicationScoped
public class HostIdentities {
    static final Set<String> SYSTEM_ROLES = Set.of("admin", "auth", "proxy", "node", "app", "db", "desktop", "kube",
            "discovery");
    static final Duration DEFAULT_TTL = Duration.ofDays(30);
    static final Duration MAX_TTL = Duration.ofDays(365);

    private final CertificateAuthorities cas;
    private final Clock clock;

    public HostIdentities(CertificateAuthorities cas, Clock clock) {
        this.cas = cas;
        this.clock = clock;
    }

    public HostIdentity build(SignHostRequest request) {
        return build(request, "");
    }

    /** As {@link #build(SignHostRequest)}, for a host the proxy may dial directly at {@code pinnedAddr}. */
    public HostIdentity build(SignHostRequest request, String pinnedAddr) {
        List<String> roles = request.systemRoles() == null ? List.of() : request.systemRoles();
        // JSON lets [null] through; a null name would fail deep inside (Set.contains, List.copyOf) as a 500.
        // (List.of(...).contains(null) itself throws: look for nulls by streaming.)
        if (roles.stream().anyMatch(java.util.Objects::isNull) || (request.principals() != null
                && request.principals().stream().anyMatch(java.util.Objects::isNull))) {
            throw ApiException.invalid("system_roles and principals must be lists of names, without null");
        }
        if (roles.isEmpty()) {
            throw ApiException.invalid("a host certificate needs at least one system role, e.g. --roles=proxy");
        }
        roles.stream().filter(r -> !SYSTEM_ROLES.contains(r)).findFirst().ifPresent(r -> {
            throw ApiException.invalid("unknown system role '" + r + "'; allowed: " + SYSTEM_ROLES.stream().sorted()
                    .toList());
        });
        String nodeName = request.nodeName() == null ? "" : request.nodeName().trim();
        if (!nodeName.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,252}")) {
            throw ApiException.invalid("host name '" + nodeName + "' is not a valid DNS-style name");
        }
        String hostId = request.hostId() == null || request.hostId().isBlank() ? UUID.randomUUID().toString()
                : request.hostId().trim();
        Duration ttl = TtlParameter.parse(request.ttl(), "host certificate TTL", Optional.of(MAX_TTL))
                .orElse(DEFAULT_TTL);
        Instant now = clock.instant();
        List<String> principals = request.principals() == null ? List.of() : List.copyOf(request.principals());
        return new HostIdentity(hostId, nodeName, cas.clusterName(), List.copyOf(roles), principals,
                now.minus(Duration.ofMinutes(1)), now.plus(ttl), pinnedAddr);
    }
}
