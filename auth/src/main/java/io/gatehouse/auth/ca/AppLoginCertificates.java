package io.gatehouse.auth.ca;

import io.gatehouse.auth.api.ApiException;
import io.gatehouse.auth.api.Caller;
import io.gatehouse.auth.api.TtlParameter;
import io.gatehouse.auth.identity.SubjectKeys;
import io.gatehouse.shared.api.AppCertsResponse;
import io.gatehouse.shared.api.SignAppRequest;
import io.gatehouse.shared.app.AppRoute;
import io.gatehouse.shared.audit.SafeText;
import io.gatehouse.shared.cert.UserIdentity;
import io.gatehouse.shared.rbac.Decision;
import io.gatehouse.shared.resource.AppSpec;
import io.gatehouse.shared.resource.Kind;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.PublicKey;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * gate apps login: a user certificate that carries an app route (AppRoute), issued only when the
 * caller's roles allow the app (app_labels, deny wins), on the shared path of routed certificates
 * (online, current roles, never outliving the caller's certificate, audited either way). The proxy
 * and the agent check the roles again at every connection: the certificate promises nothing alone.
 */
@ApplicationScoped
public class AppLoginCertificates {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private final RoutedCertificates routed;
    private final CertificateIssuer issuer;

    public AppLoginCertificates(RoutedCertificates routed, CertificateIssuer issuer) {
        this.routed = routed;
        this.issuer = issuer;
    }

    public Uni<AppCertsResponse> sign(Caller who, SignAppRequest request) {
        if (!(who instanceof Caller.User caller)) {
            throw ApiException.accessDenied("app certificates are for users (gate apps login)");
        }
        if (request == null) {
            throw ApiException.invalid("send {app, public_key, ttl}");
        }
        String app = request.app() == null ? "" : request.app();
        if (!NAME.matcher(app).matches()) {
            throw ApiException.invalid(app.isEmpty() ? "name the app: gate apps ls lists them"
                    : "'" + SafeText.of(app) + "' is not an app name; gate apps ls lists them");
        }
        PublicKey key = SubjectKeys.parse(request.publicKey());
        Optional<Duration> ttl = TtlParameter.parse(request.ttl(), "app certificate TTL", Optional.empty());
        UserIdentity me = caller.identity();
        return routed.sign(caller, new RoutedCertificates.Target<>(Kind.APP, AppSpec.class, app, "app", "gate apps ls"),
                (resource, checker) -> {
                    Decision d = checker.checkApp(resource.name(), resource.metadata().labels());
                    if (!d.allowed()) {
                        String why = checker.refusal().orElse(d.reason().startsWith("role '") ? d.reason() + " for "
                                + me.username() : "no role of " + me.username() + " allows the app '" + app + "'");
                        return RoutedCertificates.Attempt.refused(why, Map.of("reason", "app login", "app", app));
                    }
                    AppRoute route = new AppRoute(app);
                    UserIdentity identity = routed.routedIdentity(me, checker, route.toRouting(), ttl);
                    return RoutedCertificates.Attempt.issued(issuer.issueAppUser(key, identity, route,
                            resource.spec().uriKind()), Map.of("reason", "app login", "app", app, "expires",
                            identity.expires().toString()));
                });
    }
}
