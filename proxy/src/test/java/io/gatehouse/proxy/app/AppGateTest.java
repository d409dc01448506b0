package io.gatehouse.proxy.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.proxy.inventory.ResourceView;
import io.gatehouse.proxy.service.ServiceCaller;
import io.gatehouse.shared.app.AppRoute;
import io.gatehouse.shared.cert.UserIdentity;
import io.gatehouse.shared.db.DbRoute;
import io.gatehouse.shared.rbac.AccessChecker;
import io.gatehouse.shared.rbac.Traits;
import io.gatehouse.shared.resource.Resources;
import io.gatehouse.shared.resource.RoleSpec;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.sshd.common.session.Session;
import org.junit.jupiter.api.Test;

/** The proxy's fast refusals on gatehouse-app-tcp, each audited, and who sees an app on the listing. */
class AppGateTest {
    private static final AppDirectory.App ECHO = new AppDirectory.App("echo", Map.of("env", "dev"), "tcp", "", "h-1",
            Instant.MAX);
    private static final AppDirectory.App WEB = new AppDirectory.App("web", Map.of("env", "dev"), "http", "", "h-1",
            Instant.MAX);
    private final List<String> audited = new CopyOnWriteArrayList<>();
    private boolean online = true;

    private final AppGate.Apps apps = new AppGate.Apps() {
        @Override
        public Optional<AppDirectory.App> find(String name) {
            return List.of(ECHO, WEB).stream().filter(a -> a.name().equals(name)).findFirst();
        }

        @Override
        public boolean online(AppDirectory.App app) {
            return online;
        }

        @Override
        public Optional<Session> tunnel(AppDirectory.App app) {
            return Optional.empty();
        }
    };

    private static AccessChecker roles(UserIdentity user) {
        String role = user.roles().get(0);
        String spec = switch (role) {
            case "dev-apps" -> "allow: {app_labels: {env: dev}}";
            case "deny-dev" -> "allow: {app_labels: {'*': '*'}}\n  deny: {app_labels: {env: dev}}";
            default -> "allow: {logins: [ubuntu]}";
        };
        return AccessChecker.of(List.of(Resources.parseYaml("kind: role\nversion: v1\nmetadata: {name: " + role
                + "}\nspec:\n  " + spec + "\n", "r").get(0).as(RoleSpec.class)), Traits.of(user.traits()));
    }

    private final AppGate gate = new AppGate(apps, AppGateTest::roles, (user, app, reason, remote) -> audited.add(
            user + "|" + app + "|" + reason));

    private static ServiceCaller caller(String role, Map<String, String> routing) {
        return new ServiceCaller(new UserIdentity("alice", List.of(role), Map.of(), List.of(), Instant.now(),
                Instant.now().plusSeconds(600), routing, false, false, Optional.empty()), "PEM");
    }

    private String refusal(ServiceCaller caller) {
        return assertThrows(AppGate.Refused.class, () -> gate.admit(caller, "tcp", "198.51.100.1:1")).getMessage();
    }

    @Test
    void aUserWithoutTheAppsLabelsIsRefusedAndAudited() {
        String why = refusal(caller("ssh-only", new AppRoute("echo").toRouting()));
        assertTrue(why.contains("no role of alice allows the app 'echo'"), why);
        assertTrue(refusal(caller("deny-dev", new AppRoute("echo").toRouting())).contains("role 'deny-dev' denies"));
        assertEquals(2, audited.size());
        assertTrue(audited.get(0).startsWith("alice|echo|"), audited.toString());
    }

    @Test
    void aCertificateWithoutAnAppRouteOrForAnUnknownAppIsRefused() {
        assertTrue(refusal(caller("dev-apps", new DbRoute("echo", "postgres", "app", "").toRouting()))
                .contains("carries no app route"));
        assertTrue(refusal(caller("dev-apps", new AppRoute("nope").toRouting())).contains("no app named 'nope'"));
        assertEquals(2, audited.size());
    }

    @Test
    void anHttpAppOnTheTcpRouteAndAnOfflineAppAreRefused() {
        assertTrue(refusal(caller("dev-apps", new AppRoute("web").toRouting())).contains("is an HTTP app"));
        online = false;
        assertTrue(refusal(caller("dev-apps", new AppRoute("echo").toRouting())).contains("offline"));
    }

    @Test
    void theListingShowsAnAppOnlyToUsersItsLabelsAllowAsTheirOwnName() {
        var view = new ResourceView.Candidate<>("echo", Map.of("env", "dev"), true, new AppResources.AppFields("tcp"));
        AppResources resources = new AppResources(null);
        UserIdentity alice = caller("dev-apps", Map.of()).user();
        assertEquals(List.of("alice"), resources.logins(view, alice, roles(alice)));
        UserIdentity bob = caller("ssh-only", Map.of()).user();
        assertEquals(List.of(), resources.logins(view, bob, roles(bob)));
    }
}
