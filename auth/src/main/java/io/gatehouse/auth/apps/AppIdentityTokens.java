package io.gatehouse.auth.apps;

import io.gatehouse.auth.accessrequest.AccessRequestService;
import io.gatehouse.auth.api.ApiException;
import io.gatehouse.auth.api.Authorizer;
import io.gatehouse.auth.api.Caller;
import io.gatehouse.auth.audit.AuditEvent;
import io.gatehouse.auth.audit.AuditLog;
import io.gatehouse.auth.ca.CertificateAuthorities;
import io.gatehouse.auth.ca.JwtSigner;
import io.gatehouse.auth.inventory.AppKind;
import io.gatehouse.auth.roles.RoleLookup;
import io.gatehouse.auth.storage.ResourceStore;
import io.gatehouse.shared.api.AppJwtRequest;
import io.gatehouse.shared.api.AppJwtResponse;
import io.gatehouse.shared.audit.EventType;
import io.gatehouse.shared.audit.SafeText;
import io.gatehouse.shared.cert.CaType;
import io.gatehouse.shared.cert.UserIdentity;
import io.gatehouse.shared.jwt.JsonWebKeys;
import io.gatehouse.shared.rbac.Decision;
import io.gatehouse.shared.resource.AppSpec;
import io.gatehouse.shared.resource.Kind;
import io.gatehouse.shared.resource.Resource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The identity an app receives for a user (Gatehouse-Jwt-Assertion): a JWT signed by the jwt CA,
 * asked for by the agent that serves the app. Nothing is taken on the agent's word: the caller
 * must hold the app system role and be the agent the app is announced by (its host id), the user
 * certificate is verified here (PresentedCertificates), an access request it was issued under must
 * still be in force, and the user's roles as defined now must allow the app (app_labels, deny
 * wins). Both outcomes are audited as cert.create ("app jwt"); the token itself never is.
 */
@ApplicationScoped
public class AppIdentityTokens {
    /** Long enough to be cached by the agent for a while, short enough that a removed role ends it soon. */
    static final Duration LIFETIME = Duration.ofMinutes(10);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final String REASON = "app jwt";

    private final Authorizer authorizer;
    private final Mutiny.SessionFactory sessions;
    private final ResourceStore store;
    private final RoleLookup roles;
    private final AccessRequestService requests;
    private final CertificateAuthorities cas;
    private final AuditLog audit;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private volatile JwtSigner signer;

    public AppIdentityTokens(Authorizer authorizer, Mutiny.SessionFactory sessions, ResourceStore store,
            RoleLookup roles, AccessRequestService requests, CertificateAuthorities cas, AuditLog audit, Clock clock) {
        this.authorizer = authorizer;
        this.sessions = sessions;
        this.store = store;
        this.roles = roles;
        this.requests = requests;
        this.cas = cas;
        this.audit = audit;
        this.clock = clock;
    }

    /** Issued: the answer and the event's fields; refused: the reason, for the agent's log and the audit log. */
    private record Outcome(AppJwtResponse token, String user, String refusal, Map<String, Object> fields) {
        static Outcome refused(String user, String refusal) {
            return new Outcome(null, user, refusal, Map.of());
        }
    }

    public Uni<AppJwtResponse> issue(Caller who, AppJwtRequest request) {
        if (request == null) {
            throw ApiException.invalid("send {app, user_certificate}");
        }
        String app = request.app() == null ? "" : request.app();
        if (!NAME.matcher(app).matches()) {
            throw ApiException.invalid("'" + SafeText.of(app) + "' is not an app name");
        }
        String pem = request.userCertificate() == null ? "" : request.userCertificate();
        return authorizer.requireSystemRole(who, AppKind.SYSTEM_ROLE, "ask for app identity tokens")
                .flatMap(x -> decide((Caller.Host) who, app, pem))
                .flatMap(outcome -> outcome.refusal() == null ? Uni.createFrom().item(outcome.token())
                        : audit.emit(AuditEvent.failure(EventType.CERT_CREATE, outcome.user(), "app/" + app,
                                        Map.of("reason", REASON, "app", app, "host_id",
                                                ((Caller.Host) who).identity().hostId(), "refusal",
                                                outcome.refusal())))
                                .onFailure().recoverWithNull()
                                .flatMap(v -> Uni.createFrom().failure(ApiException.accessDenied(
                                        outcome.refusal()))));
    }

    private Uni<Outcome> decide(Caller.Host host, String app, String pem) {
        Instant now = clock.instant();
        PresentedCertificates.Presented presented;
        try {
            presented = PresentedCertificates.verify(pem, cas.get(CaType.USER).tlsCertificate(), app, now);
        } catch (PresentedCertificates.Refused r) {
            return Uni.createFrom().item(Outcome.refused(r.user().isEmpty() ? host.name() : r.user(), r.getMessage()));
        }
        UserIdentity user = presented.user();
        return grantedUntil(user, now).flatMap(until -> until.refusal() != null
                ? Uni.createFrom().item(Outcome.refused(user.username(), until.refusal()))
                : sessions.withTransaction(s -> store.peek(s, Kind.APP, app).flatMap(found -> {
                    Optional<String> problem = notServedBy(found, host, app, now);
                    if (problem.isPresent()) {
                        return Uni.createFrom().item(Outcome.refused(user.username(), problem.get()));
                    }
                    Resource<AppSpec> resource = found.get().as(AppSpec.class);
                    Instant end = earliest(now.plus(LIFETIME), presented.notAfter(), until.end());
                    return allowed(s, user, resource).flatMap(refusal -> refusal.isPresent()
                            ? Uni.createFrom().item(Outcome.refused(user.username(), refusal.get()))
                            : signed(s, host, user, resource, now, end));
                })));
    }

    /** When an access request the certificate was issued under stops granting, or why it already has. */
    private record Until(Instant end, String refusal) {
    }

    private Uni<Until> grantedUntil(UserIdentity user, Instant now) {
        if (user.activeRequest().isEmpty()) {
            return Uni.createFrom().item(new Until(Instant.MAX, null));
        }
        String id = user.activeRequest().get();
        return requests.states(List.of(id)).map(states -> states.stream().filter(st -> st.inForce(now)).findFirst()
                .map(st -> new Until(st.expires(), null))
                .orElseGet(() -> new Until(null, "the access request " + id + " that " + user.username()
                        + "'s certificate was issued under is no longer in force (" + states.stream().findFirst()
                        .map(st -> st.state()).orElse("unknown") + ")")));
    }

    private Optional<String> notServedBy(Optional<Resource<?>> found, Caller.Host host, String app, Instant now) {
        if (found.isEmpty() || !(found.get().spec() instanceof AppSpec spec)) {
            return Optional.of("no app '" + app + "' is announced; an agent gets identity tokens only for apps it "
                    + "serves (apps: in agent.yaml)");
        }
        if (!spec.hostId().equals(host.identity().hostId())) {
            return Optional.of("app '" + app + "' is served by another agent, not by " + host.identity().hostId());
        }
        Optional<Instant> expires = found.get().metadata().expires();
        if (expires.isPresent() && !expires.get().isAfter(now)) {
            return Optional.of("app '" + app + "' is offline (announced until " + expires.get() + ")");
        }
        return Optional.empty();
    }

    private Uni<Optional<String>> allowed(Mutiny.Session s, UserIdentity user, Resource<AppSpec> app) {
        return roles.checker(s, user.roles(), user.traits()).map(checker -> {
            Decision d = checker.checkApp(app.name(), app.metadata().labels());
            if (d.allowed()) {
                return Optional.<String>empty();
            }
            return Optional.of(checker.refusal().orElse(d.reason().startsWith("role '") ? d.reason() + " for "
                    + user.username() : "no role of " + user.username() + " allows the app '" + app.name() + "'"));
        });
    }

    private Uni<Outcome> signed(Mutiny.Session s, Caller.Host host, UserIdentity user, Resource<AppSpec> app,
            Instant now, Instant end) {
        String jti = JsonWebKeys.base64Url(bytes(16));
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", cas.clusterName());
        claims.put("sub", user.username());
        claims.put("aud", app.spec().uri());
        claims.put("iat", now.getEpochSecond());
        claims.put("nbf", now.getEpochSecond());
        claims.put("exp", end.getEpochSecond());
        claims.put("jti", jti);
        claims.put("username", user.username());
        claims.put("roles", user.roles());
        claims.put("traits", new TreeMap<>(user.traits()));
        AppJwtResponse token = new AppJwtResponse(signer().sign(claims), Instant.ofEpochSecond(end.getEpochSecond()));
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("reason", REASON);
        fields.put("app", app.name());
        fields.put("host_id", host.identity().hostId());
        fields.put("jti", jti);
        fields.put("expires", token.expires().toString());
        return audit.record(s, AuditEvent.success(EventType.CERT_CREATE, user.username(), "app/" + app.name(),
                fields)).replaceWith(new Outcome(token, user.username(), null, fields));
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private static Instant earliest(Instant a, Instant b, Instant c) {
        Instant m = a.isBefore(b) ? a : b;
        return m.isBefore(c) ? m : c;
    }

    private JwtSigner signer() {
        JwtSigner current = signer;
        if (current == null) {
            current = new JwtSigner(cas.get(CaType.JWT).keyPair());
            signer = current;
        }
        return current;
    }
}
