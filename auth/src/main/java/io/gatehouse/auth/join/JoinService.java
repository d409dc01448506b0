package io.gatehouse.auth.join;

import io.gatehouse.auth.api.ApiException;
import io.gatehouse.auth.api.Authorizer;
import io.gatehouse.auth.api.Caller;
import io.gatehouse.auth.audit.AuditEvent;
import io.gatehouse.auth.audit.AuditLog;
import io.gatehouse.auth.ca.CertificateAuthorities;
import io.gatehouse.auth.ca.CertificateIssuer;
import io.gatehouse.auth.ca.HostIdentities;
import io.gatehouse.auth.identity.Secrets;
import io.gatehouse.auth.identity.SubjectKeys;
import io.gatehouse.auth.storage.ResourceStore;
import io.gatehouse.shared.api.HostCertsResponse;
import io.gatehouse.shared.api.JoinRequest;
import io.gatehouse.shared.api.SignHostRequest;
import io.gatehouse.shared.audit.EventType;
import io.gatehouse.shared.cert.HostIdentity;
import io.gatehouse.shared.resource.Kind;
import io.gatehouse.shared.resource.NodeSpec;
import io.gatehouse.shared.resource.Resource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hibernate.LockMode;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Spends a join token for host certificates. The token row is locked while its use is counted,
 * so a single-use token cannot be spent twice by two agents racing. What the certificate says is
 * the cluster's choice, not the joiner's: a fresh host id, a node name no live node holds and the
 * token allows (JoinPolicy), no extra names the token does not list, and the address the proxy
 * may dial pinned here. Refusals are audited and say what to do; the secret is never echoed.
 */
@ApplicationScoped
public class JoinService {
    private final Mutiny.SessionFactory sessions;
    private final Authorizer authorizer;
    private final HostIdentities hosts;
    private final CertificateIssuer issuer;
    private final CertificateAuthorities cas;
    private final ResourceStore store;
    private final AuditLog audit;
    private final Clock clock;

    public JoinService(Mutiny.SessionFactory sessions, Authorizer authorizer, HostIdentities hosts,
            CertificateIssuer issuer, CertificateAuthorities cas, ResourceStore store, AuditLog audit, Clock clock) {
        this.sessions = sessions;
        this.authorizer = authorizer;
        this.hosts = hosts;
        this.issuer = issuer;
        this.cas = cas;
        this.store = store;
        this.audit = audit;
        this.clock = clock;
    }

    private record Outcome(Optional<HostCertsResponse> certs, ApiException error) {
    }

    public Uni<HostCertsResponse> join(Caller caller, JoinRequest request) {
        var key = SubjectKeys.parse(request.publicKey());
        List<String> wanted = request.systemRoles() == null ? List.of() : request.systemRoles();
        List<String> extra = request.principals() == null ? List.of() : new java.util.ArrayList<>(request.principals());
        String name = request.hostName() == null ? "" : request.hostName().trim();
        String secretHash = Secrets.sha256Hex(request.token() == null ? "" : request.token());
        if (wanted.stream().anyMatch(java.util.Objects::isNull) || extra.stream().anyMatch(java.util.Objects::isNull)) {
            return Uni.createFrom().failure(ApiException.invalid("system_roles and principals must be lists of names, "
                    + "without null"));
        }
        return authorizer.requireSystemRole(caller, Authorizer.PROXY, "forward join requests")
                .flatMap(x -> sessions.withTransaction(s -> s.createSelectionQuery(
                                "from JoinTokenRow where secretHash = :h", JoinTokenRow.class)
                        .setParameter("h", secretHash).setLockMode(LockMode.PESSIMISTIC_WRITE).getSingleResultOrNull()
                        .flatMap(row -> {
                            String refusal = refusal(row, wanted);
                            if (refusal == null) {
                                refusal = JoinPolicy.refusal(name, request.hostId(), extra,
                                        JoinTokenService.names(row), cas.clusterName()).orElse(null);
                            }
                            if (refusal != null) {
                                return refuse(s, row, name, refusal);
                            }
                            return nameHolder(s, name).flatMap(holder -> holder.isPresent()
                                    ? refuse(s, row, name, holder.get())
                                    : issue(s, row, key, new SignHostRequest(null, name, wanted, extra,
                                            request.publicKey(), null), pinnedAddr(row, request.sourceAddr())));
                        })))
                .flatMap(o -> o.certs().isPresent() ? Uni.createFrom().item(o.certs().get())
                        : Uni.createFrom().failure(o.error()));
    }

    private Uni<Outcome> issue(Mutiny.Session s, JoinTokenRow row, java.security.PublicKey key,
            SignHostRequest wanted, String pinnedAddr) {
        HostIdentity identity = hosts.build(wanted, pinnedAddr);
        row.uses++;
        HostCertsResponse certs = issuer.issueHost(key, identity);
        return audit.record(s, AuditEvent.success(EventType.TOKEN_USE, identity.nodeName(), "token/" + row.id,
                        Map.of("host_id", identity.hostId(), "system_roles", identity.systemRoles(), "uses", row.uses,
                                "pinned_addr", pinnedAddr)))
                .flatMap(v -> audit.record(s, AuditEvent.success(EventType.CERT_CREATE, identity.nodeName(),
                        "host/" + identity.nodeName(), Map.of("reason", "join", "host_id", identity.hostId(),
                                "expires", identity.expires().toString()))))
                .replaceWith(new Outcome(Optional.of(certs), null));
    }

    private Uni<Outcome> refuse(Mutiny.Session s, JoinTokenRow row, String name, String refusal) {
        return audit.record(s, AuditEvent.failure(EventType.TOKEN_USE, name, row == null ? "token/unknown"
                        : "token/" + row.id, Map.of("reason", refusal, "host", "host/" + name)))
                .replaceWith(new Outcome(Optional.empty(), ApiException.accessDenied(refusal)));
    }

    /**
     * Why {@code name} is taken: a node of that name whose entry is alive belongs to another
     * identity (every join gets a fresh host id), and two nodes must never answer to one name.
     */
    private Uni<Optional<String>> nameHolder(Mutiny.Session s, String name) {
        return store.peek(s, Kind.NODE, name).map(found -> found.filter(this::alive).map(node -> {
            String holder = node.spec() instanceof NodeSpec n ? n.hostId() : "?";
            Duration left = Duration.between(clock.instant(), node.metadata().expires().orElse(clock.instant()));
            return "node name '" + name + "' is held by another host (" + holder + ") that is online; choose "
                    + "another node_name, or if that host is gone for good, wait " + Math.max(1, left.toSeconds())
                    + "s for its entry to expire (or remove it: gatectl rm node/" + name + ") and start this agent "
                    + "again";
        }));
    }

    private boolean alive(Resource<?> node) {
        return node.metadata().expires().map(e -> e.isAfter(clock.instant())).orElse(true);
    }

    /** The admin's address on the token, else the IP the proxy saw the join come from (no port: the node says). */
    private static String pinnedAddr(JoinTokenRow row, String sourceAddr) {
        if (row.addr != null && !row.addr.isBlank()) {
            return row.addr;
        }
        return sourceAddr != null && sourceAddr.matches("[0-9A-Fa-f:.]{2,45}") ? sourceAddr : "";
    }

    private String refusal(JoinTokenRow row, List<String> wanted) {
        String fix = "; create a new one with gatectl tokens add --type=" + (wanted.isEmpty() ? "node"
                : String.join(",", wanted));
        if (row == null) {
            return "this join token is not valid: it was deleted or never existed" + fix;
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        if (!row.expires.isAfter(now)) {
            return "join token " + row.id + " expired " + ago(Duration.between(row.expires, now)) + " ago" + fix;
        }
        if (row.maxUses != null && row.uses >= row.maxUses) {
            return "join token " + row.id + " has been used up (" + row.uses + " of " + row.maxUses + " uses)" + fix;
        }
        List<String> allowed = Arrays.asList(row.roles.split(","));
        if (wanted.isEmpty() || !allowed.containsAll(wanted)) {
            return "join token " + row.id + " allows " + allowed + " but the join asked for " + wanted;
        }
        return null;
    }

    private static String ago(Duration d) {
        long s = d.toSeconds();
        return s < 120 ? s + "s" : s < 7200 ? d.toMinutes() + "m" : d.toHours() + "h";
    }
}
