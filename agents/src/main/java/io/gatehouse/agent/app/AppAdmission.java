package io.gatehouse.agent.app;

import io.gatehouse.agent.service.ForwardedUsers;
import io.gatehouse.shared.app.AppRoute;
import io.gatehouse.shared.cert.UserIdentity;
import io.gatehouse.shared.rbac.AccessChecker;
import io.gatehouse.shared.rbac.Decision;
import io.gatehouse.shared.tunnel.ServiceRequest;
import java.time.Instant;

/**
 * The agent's own decision on an app connection, never the proxy's word: the forwarded user
 * certificate verified (ForwardedUsers: user CA, validity, a user's), its route naming this app,
 * and the user's current roles allowing the app's labels (app_labels, deny wins).
 */
public final class AppAdmission {
    private final ForwardedUsers users;

    public AppAdmission(ForwardedUsers users) {
        this.users = users;
    }

    /** Accepted: who, with their roles as checked. */
    public record Admitted(UserIdentity user, AccessChecker roles) {
    }

    public Admitted admit(ServiceRequest request, AppConfig app, Instant now) throws ForwardedUsers.Refusal {
        String relogin = "gate apps login " + app.name();
        UserIdentity user = users.verify(request.userCertificate(), app.name(), relogin, now);
        String name = user.username();
        AppRoute route = AppRoute.of(user.routing()).orElseThrow(() -> new ForwardedUsers.Refusal(name,
                "the certificate of " + name + " is not for an app; run " + relogin));
        if (!route.name().equals(app.name())) {
            throw new ForwardedUsers.Refusal(name, "this certificate is for the app '" + route.name() + "', not '"
                    + app.name() + "'; run " + relogin);
        }
        AccessChecker roles = users.roles(user);
        Decision d = roles.checkApp(app.name(), app.labels());
        if (!d.allowed()) {
            throw new ForwardedUsers.Refusal(name, d.reason().startsWith("role '") ? d.reason() + " for " + name
                    : "no role of " + name + " allows the app '" + app.name() + "'");
        }
        return new Admitted(user, roles);
    }
}
