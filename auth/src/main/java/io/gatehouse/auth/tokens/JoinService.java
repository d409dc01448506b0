package io.gatehouse.auth.tokens;

import io.gatehouse.auth.api.ApiException;
import io.gatehouse.auth.api.Authorizer;
import io.gatehouse.auth.api.Caller;
import io.gatehouse.auth.audit.AuditEvent;
import io.gatehouse.auth.audit.AuditLog;
import io.gatehouse.auth.ca.CertificateIssuer;
import io.gatehouse.auth.ca.HostIdentities;
import io.gatehouse.auth.users.Secrets;
import io.gatehouse.auth.users.SubjectKeys;
import io.gatehouse.shared.api.HostCertsResponse;
import io.gatehouse.shared.api.JoinRequest;
import io.gatehouse.shared.api.SignHostRequest;
import io.gatehouse.shared.audit.EventType;
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
 * so a single-use token cannot be spent twice by two agents racing. Refusals are audited and
 * say what to do; the token's secret is never echoed.
 */
@ApplicationScoped
public class JoinService {
    private final Mutiny.SessionFactory sessions;
    private final Authorizer authorizer;
    private final HostIdentities hosts;
    private final CertificateIssuer issuer;
    private final AuditLog audit;
    private final Clock clock;

    public JoinService(Mutiny.SessionFactory sessions, Authorizer authorizer, HostIdentities hosts,
            CertificateIssuer issuer, AuditLog audit, Clock clock) {
        this.sessions = sessions;
        this.authorizer = authorizer;
        this.hosts = hosts;
        this.issuer = issuer;
        this.audit = audit;
        this.clock = clock;
    }

    private record Outcome(Optional<HostCertsResponse> certs, ApiException error) {
    }

    public Uni<HostCertsResponse> join(Caller caller, JoinRequest request) {
        var key = SubjectKeys.parse(request.publicKey());
        List<String> wanted = request.systemRoles() == null ? List.of() : request.systemRoles();
        var identity = hosts.build(new SignHostRequest(request.hostId(), request.hostName(), wanted,
                request.principals(), request.publicKey(), null));
        String secretHash = Secrets.sha256Hex(request.token() == null ? "" : request.token());
        return authorizer.requireSystemRole(caller, Authorizer.PROXY, "forward join requests")
                .flatMap(x -> sessions.withTransaction(s -> s.createSelectionQuery(
                                "from JoinTokenRow where secretHash = :h", JoinTokenRow.class)
                        .setParameter("h", secretHash).setLockMode(LockMode.PESSIMISTIC_WRITE).getSingleResultOrNull()
                        .flatMap(row -> {
                            String refusal = refusal(row, wanted);
                            String host = "host/" + identity.nodeName();
                            if (refusal != null) {
                                return audit.record(s, AuditEvent.failure(EventType.TOKEN_USE, identity.nodeName(),
                                        row == null ? "token/unknown" : "token/" + row.id, Map.of("reason", refusal,
                                                "host", host))).replaceWith(new Outcome(Optional.empty(),
                                        ApiException.accessDenied(refusal)));
                            }
                            row.uses++;
                            HostCertsResponse certs = issuer.issueHost(key, identity);
                            return audit.record(s, AuditEvent.success(EventType.TOKEN_USE, identity.nodeName(),
                                            "token/" + row.id, Map.of("host_id", identity.hostId(), "system_roles",
                                                    wanted, "uses", row.uses)))
                                    .flatMap(v -> audit.record(s, AuditEvent.success(EventType.CERT_CREATE,
                                            identity.nodeName(), host, Map.of("reason", "join", "expires",
                                                    identity.expires().toString()))))
                                    .replaceWith(new Outcome(Optional.of(certs), null));
                        })))
                .flatMap(o -> o.certs().isPresent() ? Uni.createFrom().item(o.certs().get())
                        : Uni.createFrom().failure(o.error()));
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
