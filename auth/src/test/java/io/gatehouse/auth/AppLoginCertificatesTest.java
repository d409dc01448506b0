package io.gatehouse.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.auth.testing.AuthClient;
import io.gatehouse.auth.testing.DbAgents;
import io.gatehouse.auth.testing.PostgresTestResource;
import io.gatehouse.auth.testing.TestCluster;
import io.gatehouse.shared.api.AppCertsResponse;
import io.gatehouse.shared.api.InventoryHeartbeat;
import io.gatehouse.shared.api.NodeEvent;
import io.gatehouse.shared.api.SignAppRequest;
import io.gatehouse.shared.app.AppRoute;
import io.gatehouse.shared.cert.IdentityCodec;
import io.gatehouse.shared.cert.Keys;
import io.gatehouse.shared.cert.UserIdentity;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.security.KeyPair;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Apps in the inventory and gate apps login (POST /v1/certs/app), replayed as a user without the
 * app's labels and as agents that try to announce or write events about apps that are not theirs.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
class AppLoginCertificatesTest {
    private static final KeyPair KEY = Keys.generateEcdsaP256();
    private static TestCluster.JoinedNode agent;
    private static AuthClient alice;
    private static AuthClient bob;

    private static InventoryHeartbeat beat(String name, String uri, Map<String, String> labels) {
        return new InventoryHeartbeat("app", List.of(new InventoryHeartbeat.Entry(name, labels, Map.of("uri", uri))),
                "5m");
    }

    @BeforeAll
    static void cluster() throws Exception {
        DbAgents.role("""
                kind: role
                version: v1
                metadata: {name: apl-dev-apps}
                spec:
                  allow:
                    app_labels: {env: dev}
                """);
        DbAgents.role("""
                kind: role
                version: v1
                metadata: {name: apl-nothing}
                spec:
                  allow:
                    logins: [nobody]
                """);
        agent = TestCluster.joinAgent("apl-agent", null, List.of("node", "app"));
        var r = agent.client().postJson("/v1/inventory/heartbeat", beat("apl-echo", "tcp://127.0.0.1:7", Map.of(
                "env", "dev")));
        assertEquals(200, r.status(), r.body().toString());
        assertEquals("apl-echo", r.body().path("stored").path(0).asText(), r.body().toString());
        alice = TestCluster.loginAs(TestCluster.signUp("apl-alice", List.of("apl-dev-apps"), List.of("apl-alice")));
        bob = TestCluster.loginAs(TestCluster.signUp("apl-bob", List.of("apl-nothing"), List.of("apl-bob")));
    }

    private static SignAppRequest request(String app) {
        return new SignAppRequest(app, Keys.toOpenSshPublicKey(KEY.getPublic()), null);
    }

    @Test
    void anAllowedAppIsSignedWithItsRouteAndNoSshLogins() throws Exception {
        var reply = alice.postJson("/v1/certs/app", request("apl-echo"));
        assertEquals(200, reply.status(), reply.body().toString());
        AppCertsResponse certs = alice.read(reply, AppCertsResponse.class);
        assertEquals("tcp", certs.uriKind());
        UserIdentity identity = IdentityCodec.userFromX509(Keys.parseCertificatePem(certs.tlsCertificate()));
        assertEquals("apl-alice", identity.username());
        assertEquals(new AppRoute("apl-echo"), AppRoute.of(identity.routing()).orElseThrow());
        assertTrue(identity.logins().isEmpty(), identity.logins().toString());
    }

    @Test
    void aUserWithoutTheAppsLabelsIsRefusedAndTheRefusalAudited() throws Exception {
        var reply = bob.postJson("/v1/certs/app", request("apl-echo"));
        assertEquals(403, reply.status(), reply.body().toString());
        assertTrue(reply.errorMessage().contains("no role of apl-bob allows the app 'apl-echo'"),
                reply.errorMessage());
        var events = TestCluster.admin().get("/v1/audit/events?type=cert.create&user=apl-bob&limit=100").body();
        assertTrue(events.toString().contains("app login") && events.toString().contains("\"outcome\":\"failure\""),
                events.toString());
    }

    @Test
    void anUnknownAppIsNotFound() throws Exception {
        var reply = alice.postJson("/v1/certs/app", request("apl-missing"));
        assertEquals(404, reply.status(), reply.body().toString());
        assertTrue(reply.errorMessage().contains("gate apps ls"), reply.errorMessage());
    }

    @Test
    void anAgentWithoutTheAppSystemRoleCannotAnnounceApps() throws Exception {
        var node = TestCluster.joinNode("apl-node", null);
        var r = node.client().postJson("/v1/inventory/heartbeat", beat("apl-sneaky", "tcp://127.0.0.1:22", Map.of()));
        assertEquals(403, r.status(), r.body().toString());
        assertTrue(r.errorMessage().contains("--type=node,app"), r.errorMessage());
    }

    @Test
    void anotherAgentsAppCanBeNeitherTakenOverNorWrittenAbout() throws Exception {
        var rogue = TestCluster.joinAgent("apl-rogue", null, List.of("node", "app"));
        var taken = rogue.client().postJson("/v1/inventory/heartbeat", beat("apl-echo", "tcp://10.0.0.9:7", Map.of()));
        assertEquals(200, taken.status(), taken.body().toString());
        assertTrue(taken.body().path("refused").path("apl-echo").asText().contains("held by another host"),
                taken.body().toString());
        var stored = TestCluster.admin().get("/v1/resources/app/apl-echo").body();
        assertEquals(agent.hostId(), stored.path("spec").path("host_id").asText(), stored.toString());
        var forged = rogue.client().postJson("/v1/audit/node-events", new NodeEvent.Batch(List.of(new NodeEvent(
                UUID.randomUUID().toString(), "app.session.start", true, Instant.now(), "apl-alice", "app/apl-echo",
                Map.of("app", "apl-echo", "session_id", UUID.randomUUID().toString())))));
        assertEquals(403, forged.status(), forged.body().toString());
        assertTrue(forged.errorMessage().contains("not served by this agent"), forged.errorMessage());
        var own = agent.client().postJson("/v1/audit/node-events", new NodeEvent.Batch(List.of(new NodeEvent(
                UUID.randomUUID().toString(), "app.session.start", true, Instant.now(), "apl-alice", "app/apl-echo",
                Map.of("app", "apl-echo", "session_id", UUID.randomUUID().toString())))));
        assertEquals(200, own.status(), own.body().toString());
    }

    @Test
    void anAppSessionIsActiveUntilItEnds() throws Exception {
        String session = UUID.randomUUID().toString();
        for (String type : List.of("app.session.start", "app.session.end")) {
            var r = agent.client().postJson("/v1/audit/node-events", new NodeEvent.Batch(List.of(new NodeEvent(
                    UUID.randomUUID().toString(), type, true, Instant.now(), "apl-alice", "app/apl-echo",
                    Map.of("app", "apl-echo", "session_id", session)))));
            assertEquals(200, r.status(), r.body().toString());
            var active = activeSession(session);
            if (type.endsWith("start")) {
                assertEquals("apl-alice", active.path("user").asText(), active.toString());
                assertEquals("apl-echo", active.path("node").asText(), "the app's name");
                assertEquals("app", active.path("kind").asText());
            } else {
                assertTrue(active.isMissingNode(), "an ended app session is no longer active");
            }
        }
    }

    private static com.fasterxml.jackson.databind.JsonNode activeSession(String id) throws Exception {
        var reply = TestCluster.admin().get("/v1/sessions/active");
        assertEquals(200, reply.status(), reply.body().toString());
        for (var s : reply.body()) {
            if (id.equals(s.path("session_id").asText())) {
                return s;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }
}
