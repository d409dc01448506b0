package io.gatehouse.auth.ca;

import io.gatehouse.auth.api.ApiException;
import io.gatehouse.auth.api.Authorizer;
import io.gatehouse.auth.api.Caller;
import io.gatehouse.auth.api.TtlParameter;
import io.gatehouse.auth.audit.AuditEvent;
import io.gatehouse.auth.audit.AuditLog;
import io.gatehouse.auth.identity.SubjectKeys;
import io.gatehouse.auth.identity.UserIdentities;
import io.gatehouse.auth.roles.RoleLookup;
import io.gatehouse.auth.storage.ResourceStore;
import io.gatehouse.shared.api.CertsResponse;
import io.gatehouse.shared.api.DbServerCertsResponse;
import io.gatehouse.shared.api.HostCertsResponse;
import io.gatehouse.shared.api.RenewHostRequest;
import io.gatehouse.shared.api.SignDbServerRequest;
import io.gatehouse.shared.api.SignHostRequest;
import io.gatehouse.shared.api.SignUserRequest;
import io.gatehouse.shared.audit.EventType;
import io.gatehouse.shared.resource.Kind;
import io.gatehouse.shared.resource.UserSpec;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Signs certificates on request (gatectl auth sign, a host renewing its own), each after the
 * caller's rules allow it, each audited.
 */
@ApplicationScoped
public class CertificateSigning {
    static final String CERT_RESOURCE = "cert";
    /** Host certificates, and user certificates for another user: rules must name these (AccessChecker). */
    static final String HOST_CERT_RESOURCE = "host_cert";
    static final String IMPERSONATE_RESOURCE = "impersonate";
    /** Server certificates for self-hosted databases: rules must name it, like host_cert. */
    static final String DB_CERT_RESOURCE = "db_cert";
    static final Duration DB_SERVER_DEFAULT_TTL = Duration.ofDays(90);
    static final Duration DB_SERVER_MAX_TTL = Duration.ofDays(365);

    private final Authorizer authorizer;
    private final Mutiny.SessionFactory sessions;
    private final ResourceStore store;
    private final RoleLookup roles;
    private final UserIdentities identities;
    private final CertificateIssuer issuer;
    private final HostIdentities hosts;
    private final AuditLog audit;

    public CertificateSigning(Authorizer authorizer, Mutiny.SessionFactory sessions, ResourceStore store,
            RoleLookup roles, UserIdentities identities, CertificateIssuer issuer, HostIdentities hosts,
            AuditLog audit) {
        this.authorizer = authorizer;
        this.sessions = sessions;
        this.store = store;
        this.roles = roles;
        this.identities = identities;
        this.issuer = issuer;
        this.hosts = hosts;
        this.audit = audit;
    }

    /** A user certificate pair: a user's own needs rule `cert`, another user's `impersonate` as well. */
    public Uni<CertsResponse> signUser(Caller who, SignUserRequest request) {
        var key = SubjectKeys.parse(request.publicKey());
        String username = request.username() == null ? "" : request.username();
        boolean forSelf = who instanceof Caller.User u && u.identity().username().equals(username);
        return authorizer.require(who, CERT_RESOURCE, "create")
                .flatMap(x -> forSelf ? Uni.createFrom().voidItem()
                        : authorizer.require(who, IMPERSONATE_RESOURCE, "create"))
                .flatMap(x -> sessions.withTransaction(s ->
                store.get(s, Kind.USER, username).flatMap(found -> {
                    var user = found.orElseThrow(() -> ApiException.notFound("user '" + username + "' not found; "
                            + "create it first with gatectl users add " + username + " --roles=..."))
                            .as(UserSpec.class);
                    return roles.checker(s, user.spec().roles(), user.spec().traits()).flatMap(checker -> {
                        var identity = identities.build(user, checker, Optional.ofNullable(request.ttl()));
                        CertsResponse certs = issuer.issueUser(key, identity);
                        return audit.record(s, AuditEvent.success(EventType.CERT_CREATE, who.name(), "user/"
                                        + username, Map.of("reason", "auth sign", "logins", identity.logins(),
                                        "expires", identity.expires().toString())))
                                .replaceWith(certs);
                    });
                })));
    }

    /** A host certificate pair for automation: the caller's rules must name `host_cert`. */
    public Uni<HostCertsResponse> signHost(Caller who, SignHostRequest request) {
        var key = SubjectKeys.parse(request.publicKey());
        var identity = hosts.build(request);
        return authorizer.require(who, HOST_CERT_RESOURCE, "create").flatMap(x -> {
            HostCertsResponse certs = issuer.issueHost(key, identity);
            return sessions.withTransaction(s -> audit.record(s, AuditEvent.success(EventType.CERT_CREATE, who.name(),
                    "host/" + identity.hostId(), Map.of("reason", "auth sign", "system_roles",
                            identity.systemRoles(), "expires", identity.expires().toString())))).replaceWith(certs);
        });
    }

    /** A host's own certificates again, for a new key: only the key and the validity change. */
    public Uni<HostCertsResponse> renewHost(Caller caller, RenewHostRequest request) {
        if (!(caller instanceof Caller.Host host)) {
            throw ApiException.accessDenied("only a host (agent or proxy) renews its own certificates with them; "
                    + "users log in again instead");
        }
        var key = SubjectKeys.parse(request.publicKey());
        var current = host.identity();
        var renewed = hosts.build(new SignHostRequest(current.hostId(), current.nodeName(), current.systemRoles(),
                current.principals(), request.publicKey(), null), current.pinnedAddr());
        HostCertsResponse certs = issuer.issueHost(key, renewed);
        return sessions.withTransaction(s -> audit.record(s, AuditEvent.success(EventType.CERT_CREATE, host.name(),
                "host/" + current.hostId(), Map.of("reason", "renew", "system_roles", renewed.systemRoles(),
                        "previous_expiry", current.expires().toString(), "expires", renewed.expires().toString()))))
                .replaceWith(certs);
    }

    /**
     * A self-hosted database's server certificate (gatectl auth sign --format=db): the caller's
     * rules must name `db_cert`; the names must be DNS names or IP addresses.
     */
    public Uni<DbServerCertsResponse> signDbServer(Caller who, SignDbServerRequest request) {
        var key = SubjectKeys.parse(request.publicKey());
        DbServerNames names = DbServerNames.of(request.hostNames());
        Duration ttl = TtlParameter.parse(request.ttl(), "database certificate TTL", Optional.of(DB_SERVER_MAX_TTL))
                .orElse(DB_SERVER_DEFAULT_TTL);
        return authorizer.require(who, DB_CERT_RESOURCE, "create").flatMap(x -> {
            DbServerCertsResponse certs = issuer.issueDbServer(key, names.dns(), names.ips(), ttl);
            return sessions.withTransaction(s -> audit.record(s, AuditEvent.success(EventType.CERT_CREATE, who.name(),
                    "db/" + names.all().get(0), Map.of("reason", "auth sign --format=db", "names", names.all(),
                            "expires", certs.expires().toString())))).replaceWith(certs);
        });
    }
}
