package io.gatehouse.auth.join;

import io.gatehouse.auth.api.ApiException;
import io.gatehouse.auth.api.Authorizer;
import io.gatehouse.auth.api.Caller;
import io.gatehouse.auth.api.TtlParameter;
import io.gatehouse.auth.audit.AuditEvent;
import io.gatehouse.auth.audit.AuditLog;
import io.gatehouse.auth.identity.Secrets;
import io.gatehouse.shared.api.CreateTokenRequest;
import io.gatehouse.shared.api.TokenResponse;
import io.gatehouse.shared.audit.EventType;
import io.gatehouse.shared.resource.Kind;
import io.gatehouse.shared.resource.Metadata;
import io.gatehouse.shared.resource.Resource;
import io.gatehouse.shared.resource.TokenSpec;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Join tokens: the secret is shown once at creation and stored only as a SHA-256 hash. Its public
 * id (a prefix of that hash) names it in listings and deletions.
 */
@ApplicationScoped
public class JoinTokenService {
    public static final Set<String> SYSTEM_ROLES = Set.of("node", "proxy", "app", "db", "desktop", "kube", "discovery");
    static final Duration DEFAULT_TTL = Duration.ofMinutes(30);
    static final Duration MAX_TTL = Duration.ofDays(30);

    private final Mutiny.SessionFactory sessions;
    private final Authorizer authorizer;
    private final AuditLog audit;
    private final Clock clock;

    public JoinTokenService(Mutiny.SessionFactory sessions, Authorizer authorizer, AuditLog audit, Clock clock) {
        this.sessions = sessions;
        this.authorizer = authorizer;
        this.audit = audit;
        this.clock = clock;
    }

    public Uni<TokenResponse> create(Caller caller, CreateTokenRequest request) {
        List<String> roles = validRoles(request.roles());
        Duration ttl = TtlParameter.parse(request.ttl(), "token TTL", Optional.of(MAX_TTL)).orElse(DEFAULT_TTL);
        if (request.maxUses() != null && request.maxUses() < 1) {
            throw ApiException.invalid("max_uses must be at least 1 (or omitted for unlimited uses until expiry)");
        }
        List<String> names = request.names() == null ? List.of() : request.names().stream().map(String::trim)
                .filter(n -> !n.isEmpty()).distinct().toList();
        names.forEach(n -> JoinPolicy.badGlob(n).ifPresent(p -> {
            throw ApiException.invalid(p);
        }));
        String addr = request.addr() == null ? "" : request.addr().trim();
        if (!addr.isEmpty()) {
            JoinPolicy.badPinnedAddr(addr).ifPresent(p -> {
                throw ApiException.invalid(p);
            });
        }
        String secret = Secrets.newToken();
        JoinTokenRow row = new JoinTokenRow();
        row.secretHash = Secrets.sha256Hex(secret);
        row.id = row.secretHash.substring(0, 16);
        row.roles = String.join(",", roles);
        row.maxUses = request.maxUses();
        row.names = String.join(",", names);
        row.addr = addr;
        row.createdAt = OffsetDateTime.now(clock);
        row.expires = row.createdAt.plus(ttl);
        return authorizer.require(caller, Kind.TOKEN.id(), "create")
                .flatMap(x -> sessions.withTransaction(s -> s.persist(row).flatMap(v -> audit.record(s,
                        AuditEvent.success(EventType.TOKEN_CREATE, caller.name(), "token/" + row.id, Map.of(
                                "roles", roles, "expires", row.expires.toString(), "max_uses",
                                row.maxUses == null ? "unlimited" : row.maxUses, "names", names, "addr", addr))))))
                .replaceWith(new TokenResponse(secret, row.id, roles, row.expires.toInstant(), row.maxUses));
    }

    public Uni<List<Resource<?>>> list(Mutiny.Session s) {
        return s.createSelectionQuery("from JoinTokenRow order by createdAt", JoinTokenRow.class).getResultList()
                .map(rows -> rows.stream().<Resource<?>>map(JoinTokenService::toResource).toList());
    }

    public Uni<Optional<Resource<?>>> get(Mutiny.Session s, String id) {
        return s.find(JoinTokenRow.class, id).map(row -> Optional.ofNullable(row).map(JoinTokenService::toResource));
    }

    public Uni<Boolean> delete(Mutiny.Session s, String id) {
        return s.createMutationQuery("delete from JoinTokenRow where id = :id").setParameter("id", id)
                .executeUpdate().map(n -> n > 0);
    }

    public Uni<Long> count(Mutiny.Session s) {
        return s.createSelectionQuery("select count(*) from JoinTokenRow", Long.class).getSingleResult();
    }

    static Resource<TokenSpec> toResource(JoinTokenRow row) {
        List<String> roles = Arrays.stream(row.roles.split(",")).filter(r -> !r.isBlank()).toList();
        return new Resource<>(Kind.TOKEN, "v1", new Metadata(row.id, Map.of(), "", Optional.of(row.expires.toInstant()),
                1), new TokenSpec(roles, Optional.ofNullable(row.maxUses), row.uses, names(row), row.addr));
    }

    static List<String> names(JoinTokenRow row) {
        return row.names == null ? List.of() : Arrays.stream(row.names.split(",")).filter(n -> !n.isBlank()).toList();
    }

    private static List<String> validRoles(List<String> roles) {
        if (roles == null || roles.isEmpty()) {
            throw ApiException.invalid("a join token needs at least one system role: --type=node (allowed: "
                    + String.join(", ", SYSTEM_ROLES.stream().sorted().toList()) + ")");
        }
        for (String role : roles) {
            if (!SYSTEM_ROLES.contains(role)) {
                throw ApiException.invalid("unknown system role '" + role + "' for a join token; allowed: "
                        + String.join(", ", SYSTEM_ROLES.stream().sorted().toList()));
            }
        }
        return roles.stream().distinct().sorted().toList();
    }
}
