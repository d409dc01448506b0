package io.gatehouse.auth.accessrequest;

import io.gatehouse.auth.api.ApiException;
import io.gatehouse.auth.audit.AuditEvent;
import io.gatehouse.auth.audit.AuditLog;
import io.gatehouse.auth.ca.CertificateIssuer;
import io.gatehouse.auth.identity.UserIdentities;
import io.gatehouse.auth.roles.RoleLookup;
import io.gatehouse.auth.storage.ResourceStore;
import io.gatehouse.shared.api.CertsResponse;
import io.gatehouse.shared.audit.EventType;
import io.gatehouse.shared.cert.UserIdentity;
import io.gatehouse.shared.resource.Kind;
import io.gatehouse.shared.resource.UserSpec;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Assuming an approved request: certificates for a key the user holds (the CLI's, or the web
 * session's sealed one) with the request's roles added, ending when the request ends. Used by
 * the CLI path (AccessRequestsApi) and by web sessions alike, in the caller's transaction.
 */
@ApplicationScoped
public class RequestAssumption {
    private final AccessRequestService requests;
    private final ResourceStore store;
    private final RoleLookup roles;
    private final UserIdentities identities;
    private final CertificateIssuer issuer;
    private final AuditLog audit;

    public RequestAssumption(AccessRequestService requests, ResourceStore store, RoleLookup roles,
            UserIdentities identities, CertificateIssuer issuer, AuditLog audit) {
        this.requests = requests;
        this.store = store;
        this.roles = roles;
        this.identities = identities;
        this.issuer = issuer;
        this.audit = audit;
    }

    public Uni<CertsResponse> assume(Mutiny.Session s, String user, String requestId, PublicKey key, String via) {
        return requests.forAssuming(s, user, requestId).flatMap(request -> store.get(s, Kind.USER, user)
                .flatMap(found -> {
                    var account = found.orElseThrow(() -> ApiException.accessDenied("user '" + user
                            + "' no longer exists")).as(UserSpec.class);
                    List<String> all = new ArrayList<>(account.spec().roles());
                    request.roles().stream().filter(r -> !all.contains(r)).forEach(all::add);
                    return roles.checker(s, all, account.spec().traits()).flatMap(checker -> {
                        UserIdentity identity = identities.withRequest(account, all, checker, request.id(),
                                request.expires());
                        CertsResponse certs = issuer.issueUser(key, identity);
                        Map<String, Object> fields = Map.of("id", request.id(), "roles", request.roles(), "via", via,
                                "expires", identity.expires().toString());
                        return audit.record(s, AuditEvent.success(EventType.ACCESS_REQUEST_ASSUME, user,
                                        "access_request/" + request.id(), fields))
                                .flatMap(x -> audit.record(s, AuditEvent.success(EventType.CERT_CREATE, user,
                                        "user/" + user, Map.of("reason", "access request " + request.id(),
                                                "logins", identity.logins(), "expires",
                                                identity.expires().toString()))))
                                .replaceWith(certs);
                    });
                }));
    }
}
