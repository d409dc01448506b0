package io.gatehouse.auth.sso;

import io.gatehouse.auth.audit.AuditEvent;
import io.gatehouse.auth.audit.AuditLog;
import io.gatehouse.auth.ca.CertificateIssuer;
import io.gatehouse.auth.identity.UserIdentities;
import io.gatehouse.auth.roles.RoleLookup;
import io.gatehouse.auth.storage.ResourceStore;
import io.gatehouse.shared.api.CertsResponse;
import io.gatehouse.shared.api.SsoDto;
import io.gatehouse.shared.audit.EventType;
import io.gatehouse.shared.resource.Kind;
import io.gatehouse.shared.resource.Metadata;
import io.gatehouse.shared.resource.OidcConnectorSpec;
import io.gatehouse.shared.resource.Resource;
import io.gatehouse.shared.resource.UserSpec;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.PublicKey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The end of an SSO login, decided here whatever the proxy says: the ID token is verified again
 * (IdTokenVerifier), its claims give the roles (claims_to_roles; none → refused), and the user
 * resource is created or updated from them (connector, traits = claims) at every login, so a
 * group removed at the provider is gone at the next login. A local (password) user of the same
 * name is never taken over. Then certificates for the given key, as for any login.
 */
@ApplicationScoped
public class SsoLogin {
    static final String NAME = "[a-zA-Z0-9][a-zA-Z0-9._@-]{0,252}";

    private final ResourceStore store;
    private final RoleLookup roles;
    private final UserIdentities identities;
    private final CertificateIssuer issuer;
    private final AuditLog audit;

    public SsoLogin(ResourceStore store, RoleLookup roles, UserIdentities identities, CertificateIssuer issuer,
            AuditLog audit) {
        this.store = store;
        this.roles = roles;
        this.identities = identities;
        this.issuer = issuer;
        this.audit = audit;
    }

    /** A refusal of this login, with what to audit (written after the transaction rolled back). */
    public static final class Refusal extends RuntimeException {
        final String user;

        Refusal(String user, String message) {
            super(message, null, false, false);
            this.user = user;
        }
    }

    /** Certificates for {@code key}, in the caller's transaction; claims already verified. */
    public Uni<CertsResponse> login(Mutiny.Session s, Resource<OidcConnectorSpec> connector, Map<String, Object> claims,
            PublicKey key, String via) {
        String username = usernameOf(connector, claims);
        List<String> mapped = ClaimsToRoles.roles(connector.spec().claimsToRoles(), claims);
        if (mapped.isEmpty()) {
            throw new Refusal(username, "your identity provider's claims map to no Gatehouse role in connector '"
                    + connector.name() + "' (claims_to_roles); ask an administrator to grant your group access");
        }
        Map<String, List<String>> traits = ClaimsToRoles.traits(claims);
        return store.byNames(s, Kind.ROLE, mapped).flatMap(existing -> {
            List<String> known = existing.stream().map(Resource::name).filter(mapped::contains).toList();
            if (known.isEmpty()) {
                return Uni.createFrom().failure(new Refusal(username, "connector '" + connector.name()
                        + "' maps you to roles " + mapped + ", none of which exists; ask an administrator"));
            }
            return upsertUser(s, connector.name(), username, known, traits).flatMap(user -> roles
                    .checker(s, known, traits).flatMap(checker -> {
                        var identity = identities.build(user, checker, Optional.empty());
                        CertsResponse certs = issuer.issueUser(key, identity);
                        Map<String, Object> fields = new LinkedHashMap<>();
                        fields.put("method", "sso");
                        fields.put("connector", connector.name());
                        fields.put("via", via);
                        fields.put("roles", identity.roles());
                        fields.put("expires", identity.expires().toString());
                        return audit.record(s, AuditEvent.success(EventType.USER_LOGIN, username, "user/" + username,
                                        fields))
                                .flatMap(v -> audit.record(s, AuditEvent.success(EventType.CERT_CREATE, username,
                                        "user/" + username, Map.of("reason", "sso login", "expires",
                                                identity.expires().toString()))))
                                .replaceWith(certs);
                    }));
        });
    }

    /** A failed SSO login (at the proxy or here) as an audit event of its own. */
    public Uni<Void> failed(SsoDto.Failure failure, String user) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("method", "sso");
        fields.put("connector", String.valueOf(failure.connector()));
        fields.put("error", String.valueOf(failure.reason()));
        if (failure.remoteAddr() != null) {
            fields.put("remote_addr", failure.remoteAddr());
        }
        String who = user == null || user.isBlank() ? "(sso)" : user;
        return audit.emit(AuditEvent.failure(EventType.USER_LOGIN, who, "oidc_connector/" + failure.connector(),
                fields));
    }

    private Uni<Resource<UserSpec>> upsertUser(Mutiny.Session s, String connector, String username,
            List<String> userRoles, Map<String, List<String>> traits) {
        return store.peek(s, Kind.USER, username).flatMap(found -> {
            UserSpec spec = new UserSpec(userRoles, traits, connector);
            if (found.isEmpty()) {
                Resource<UserSpec> created = new Resource<>(Kind.USER, "v1", new Metadata(username, Map.of(),
                        "SSO user from connector " + connector, Optional.empty(), 0), spec);
                return store.insert(s, created).flatMap(r -> audit.record(s, AuditEvent.success(EventType.USER_CREATE,
                        "connector/" + connector, "user/" + username, Map.of("connector", connector, "roles",
                                userRoles)))).replaceWith(created);
            }
            Resource<UserSpec> current = found.get().as(UserSpec.class);
            if (!connector.equals(current.spec().connector())) {
                return Uni.createFrom().failure(new Refusal(username, "user '" + username + "' exists already from "
                        + ("local".equals(current.spec().connector()) ? "a local account" : "connector '"
                        + current.spec().connector() + "'") + "; an SSO login cannot take it over"));
            }
            Resource<UserSpec> updated = new Resource<>(Kind.USER, current.version(), current.metadata(), spec);
            return store.update(s, updated).replaceWith(updated);
        });
    }

    private static String usernameOf(Resource<OidcConnectorSpec> connector, Map<String, Object> claims) {
        Object v = claims.get(connector.spec().usernameClaim());
        if (!(v instanceof String name) || !name.matches(NAME)) {
            throw new Refusal(null, "the identity provider's '" + connector.spec().usernameClaim() + "' claim ("
                    + (v == null ? "missing" : "'" + v + "'") + ") is not a usable user name; set username_claim on "
                    + "connector '" + connector.name() + "'");
        }
        return name;
    }
}
