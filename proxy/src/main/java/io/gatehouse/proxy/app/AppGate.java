package io.gatehouse.proxy.app;

import io.gatehouse.proxy.service.ServiceCaller;
import io.gatehouse.shared.app.AppRoute;
import io.gatehouse.shared.cert.UserIdentity;
import io.gatehouse.shared.rbac.AccessChecker;
import io.gatehouse.shared.rbac.Decision;
import io.gatehouse.shared.tunnel.ServiceChannels;
import io.gatehouse.shared.tunnel.ServiceRequest;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.sshd.common.session.Session;

/**
 * The proxy's part of every app connection, as DbGate is for databases: the app the certificate's
 * route names, known and of the kind the client speaks, the user's current roles (a fast refusal:
 * the agent checks them again), the app online, then the service channel to the serving agent.
 * Every refusal here is audited as app.session.refused.
 */
public final class AppGate {
    /** How long the agent has to decide on a service channel. */
    public static final Duration OPEN_TIMEOUT = Duration.ofSeconds(10);

    /** Where apps are (AppDirectory). */
    public interface Apps {
        Optional<AppDirectory.App> find(String name);

        boolean online(AppDirectory.App app);

        Optional<Session> tunnel(AppDirectory.App app);
    }

    /** Someone to tell about a refusal (RefusalAudit.refusedApp). */
    @FunctionalInterface
    public interface Refusals {
        void refused(String user, String app, String reason, String remote);
    }

    /** Refused, with the reason for the person (already audited). */
    public static final class Refused extends Exception {
        public Refused(String message) {
            super(message, null, false, false);
        }
    }

    /** A connection the proxy lets through: the app, who, and the serving agent's tunnel. */
    public record Admitted(AppDirectory.App app, ServiceCaller caller, Session tunnel) {
    }

    private final Apps apps;
    private final Function<UserIdentity, AccessChecker> roles;
    private final Refusals refusals;

    public AppGate(Apps apps, Function<UserIdentity, AccessChecker> roles, Refusals refusals) {
        this.apps = apps;
        this.roles = roles;
        this.refusals = refusals;
    }

    /** Checks a connection of {@code uriKind} ("tcp") from {@code caller}. */
    public Admitted admit(ServiceCaller caller, String uriKind, String remote) throws Refused {
        String who = caller.user().username();
        AppRoute route = AppRoute.of(caller.user().routing()).orElseThrow(() -> refuse(who, "", "this certificate "
                + "carries no app route; run gate apps login NAME and connect with the certificate it writes", remote));
        String name = route.name();
        AppDirectory.App app = apps.find(name).orElseThrow(() -> refuse(who, name, "no app named '" + name
                + "' in this cluster; gate apps ls lists the apps you can reach", remote));
        AccessChecker checker = roles.apply(caller.user());
        Decision d = checker.checkApp(app.name(), app.labels());
        if (!d.allowed()) {
            // A role that denies is named (the user learns which); otherwise no role allows it.
            throw refuse(who, name, checker.refusal().orElse(d.reason().startsWith("role '") ? d.reason() + " for "
                    + who : "no role of " + who + " allows the app '" + name + "'"), remote);
        }
        if (!app.uriKind().equals(uriKind)) {
            throw refuse(who, name, "'" + name + "' is an " + app.uriKind().toUpperCase(java.util.Locale.ROOT)
                    + " app, not a " + uriKind.toUpperCase(java.util.Locale.ROOT) + " one", remote);
        }
        String offline = "app '" + name + "' is offline: the agent serving it has no tunnel to this proxy right now; "
                + "try again when gate apps ls shows it online";
        if (!apps.online(app)) {
            throw refuse(who, name, offline, remote);
        }
        Session tunnel = apps.tunnel(app).orElseThrow(() -> refuse(who, name, offline, remote));
        return new Admitted(app, caller, tunnel);
    }

    /** Audits a refusal made outside {@link #admit} (no certificate) and returns it. */
    public Refused refuse(String user, String app, String reason, String remote) {
        refusals.refused(user, app, reason, remote);
        return new Refused(reason);
    }

    /**
     * Opens the service channel for an admitted connection.
     *
     * @throws ServiceChannels.RefusedException with the agent's reason (the agent audits its refusals)
     */
    public ServiceChannels.Opened open(Admitted a, String remote) throws IOException {
        return ServiceChannels.open(a.tunnel(), new ServiceRequest("app", a.app().name(), a.caller().certificatePem(),
                remote, Map.of()), OPEN_TIMEOUT);
    }
}
