package io.gatehouse.agent.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.agent.service.ForwardedUsers;
import io.gatehouse.agent.service.UserCas;
import io.gatehouse.shared.app.AppRoute;
import io.gatehouse.shared.cert.CaType;
import io.gatehouse.shared.cert.Keys;
import io.gatehouse.shared.cert.UserIdentity;
import io.gatehouse.shared.cert.X509CertificateSigner;
import io.gatehouse.shared.db.DbRoute;
import io.gatehouse.shared.rbac.CertificateRoles;
import io.gatehouse.shared.resource.Resources;
import io.gatehouse.shared.resource.RoleSpec;
import io.gatehouse.shared.tunnel.ServiceRequest;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The agent's own checks of an app connection, with real certificates from a test user CA. */
class AppAdmissionTest {
    private static final KeyPair CA_KEY = Keys.generateEcdsaP256();
    static final X509Certificate CA = X509CertificateSigner.selfSignedCa(CA_KEY, "test", CaType.USER,
            Duration.ofDays(1));
    private static final X509CertificateSigner SIGNER = new X509CertificateSigner(CA_KEY, CA);
    static final AppConfig ECHO = new AppConfig("echo", "tcp://127.0.0.1:7", Map.of("env", "dev"), "");
    static final CertificateRoles ROLES = new CertificateRoles(name -> switch (name) {
        case "dev-apps" -> Optional.of(role("dev-apps", "allow: {app_labels: {env: dev}}"));
        case "no-echo" -> Optional.of(role("no-echo", "allow: {app_labels: {'*': '*'}}\n  deny: {app_labels: "
                + "{env: dev}}"));
        case "ssh-only" -> Optional.of(role("ssh-only", "allow: {logins: [ubuntu]}"));
        case "flaky" -> throw new CertificateRoles.Unavailable("auth is unreachable");
        default -> Optional.empty();
    });
    private final AppAdmission admission = new AppAdmission(new ForwardedUsers(UserCas.of(List.of(CA)), ROLES));

    private static io.gatehouse.shared.resource.Resource<RoleSpec> role(String name, String spec) {
        return Resources.parseYaml("kind: role\nversion: v1\nmetadata: {name: " + name + "}\nspec:\n  " + spec + "\n",
                "r").get(0).as(RoleSpec.class);
    }

    static String cert(X509CertificateSigner signer, Map<String, String> routing, List<String> roles,
            Instant expires) {
        UserIdentity alice = new UserIdentity("alice", roles, Map.of(), List.of(), Instant.now().minusSeconds(60),
                expires, routing, false, false, Optional.empty());
        return Keys.certificateToPem(signer.issueUser(Keys.generateEcdsaP256().getPublic(), alice, 1));
    }

    static String cert(String app, String role) {
        return cert(SIGNER, new AppRoute(app).toRouting(), List.of(role), Instant.now().plusSeconds(3600));
    }

    static ServiceRequest request(String cert) {
        return new ServiceRequest("app", "echo", cert, "203.0.113.9:5555", Map.of());
    }

    private String refusal(String cert) {
        return assertThrows(ForwardedUsers.Refusal.class, () -> admission.admit(request(cert), ECHO, Instant.now()))
                .getMessage();
    }

    @Test
    void aUserWhoseRolesAllowTheAppsLabelsIsAdmitted() throws Exception {
        assertEquals("alice", admission.admit(request(cert("echo", "dev-apps")), ECHO, Instant.now()).user()
                .username());
    }

    @Test
    void aUserWithoutTheAppsLabelsIsRefusedByName() {
        String why = refusal(cert("echo", "ssh-only"));
        assertTrue(why.contains("no role of alice allows the app 'echo'"), why);
        assertTrue(refusal(cert("echo", "no-echo")).contains("role 'no-echo' denies"), "deny wins");
    }

    @Test
    void aCertificateRoutedToAnotherAppOrToADatabaseIsRefused() {
        String other = refusal(cert("grafana", "dev-apps"));
        assertTrue(other.contains("for the app 'grafana', not 'echo'") && other.contains("gate apps login echo"),
                other);
        String db = refusal(cert(SIGNER, new DbRoute("echo", "postgres", "app", "").toRouting(), List.of("dev-apps"),
                Instant.now().plusSeconds(3600)));
        assertTrue(db.contains("not for an app"), db);
    }

    @Test
    void aForeignExpiredOrUnreadableCertificateIsRefused() {
        KeyPair otherKey = Keys.generateEcdsaP256();
        X509Certificate other = X509CertificateSigner.selfSignedCa(otherKey, "test", CaType.USER, Duration.ofDays(1));
        assertTrue(refusal(cert(new X509CertificateSigner(otherKey, other), new AppRoute("echo").toRouting(),
                List.of("dev-apps"), Instant.now().plusSeconds(3600))).contains("not from this cluster's user CA"));
        assertTrue(refusal(cert(SIGNER, new AppRoute("echo").toRouting(), List.of("dev-apps"),
                Instant.now().minusSeconds(1))).contains("expired"));
        assertTrue(refusal("").contains("no readable user certificate"));
    }

    @Test
    void aRoleThatCannotBeFetchedRefusesRatherThanShrinkingTheSet() {
        String why = refusal(cert(SIGNER, new AppRoute("echo").toRouting(), List.of("dev-apps", "flaky"),
                Instant.now().plusSeconds(3600)));
        assertFalse(why.isEmpty());
        assertTrue(refusal(cert("echo", "deleted-role")).contains("deleted-role"));
    }
}
