package io.gatehouse.auth.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.auth.testing.PostgresTestResource;
import io.gatehouse.auth.testing.TestCluster;
import io.gatehouse.shared.api.InventoryHeartbeat;
import io.gatehouse.shared.api.InventoryHeartbeat.Entry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The one inventory path (POST /v1/inventory/heartbeat) replayed as a rogue agent would: with its
 * own certificate it tries to announce another node, take over another agent's desktop, name
 * another agent as the server of its entries, announce kinds agents do not serve, or flood.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
class AgentsAnnounceOnlyWhatTheyServeTest {
    private static final String PATH = "/v1/inventory/heartbeat";

    private static InventoryHeartbeat beat(String kind, Entry... entries) {
        return new InventoryHeartbeat(kind, List.of(entries), "90s");
    }

    @Test
    void aDesktopIsStoredUnderTheAnnouncingAgentWhateverHostIdItClaims() throws Exception {
        var agent = TestCluster.joinNode("inv-1", null);
        var r = agent.client().postJson(PATH, beat("desktop", new Entry("inv-desk-1", Map.of("env", "dev"),
                Map.of("addr", "10.0.0.5:3389", "host_id", "someone-else"))));
        assertEquals(200, r.status(), r.body().toString());
        assertEquals("inv-desk-1", r.body().path("stored").path(0).asText());
        var stored = TestCluster.admin().get("/v1/resources/desktop/inv-desk-1").body();
        assertEquals(agent.hostId(), stored.path("spec").path("host_id").asText(), stored.toString());
        assertEquals("dev", stored.path("metadata").path("labels").path("env").asText());
    }

    @Test
    void anotherAgentsLiveDesktopCannotBeTakenOverButItsOwnerKeepsIt() throws Exception {
        var owner = TestCluster.joinNode("inv-2", null);
        var rogue = TestCluster.joinNode("inv-3", null);
        Entry desk = new Entry("inv-desk-2", Map.of(), Map.of("addr", "10.0.0.6:3389"));
        assertEquals(200, owner.client().postJson(PATH, beat("desktop", desk)).status());
        var taken = rogue.client().postJson(PATH, beat("desktop", desk,
                new Entry("inv-desk-3", Map.of(), Map.of("addr", "10.0.0.7:3389"))));
        assertEquals(200, taken.status(), "one bad entry does not refuse the others");
        assertEquals(1, taken.body().path("stored").size(), taken.body().toString());
        assertEquals("inv-desk-3", taken.body().path("stored").path(0).asText());
        assertTrue(taken.body().path("refused").path("inv-desk-2").asText().contains("held by another host"),
                taken.body().toString());
        var stored = TestCluster.admin().get("/v1/resources/desktop/inv-desk-2").body();
        assertEquals(owner.hostId(), stored.path("spec").path("host_id").asText());
        var audit = TestCluster.admin().get("/v1/audit/events?type=desktop.create&user=inv-3").body();
        assertTrue(audit.toString().contains("held by another host"), "the refusal is audited: " + audit);
    }

    @Test
    void aNodeAnnouncesItselfOnlyUnderItsCertificatesName() throws Exception {
        var agent = TestCluster.joinNode("inv-4", null);
        var r = agent.client().postJson(PATH, beat("node", new Entry("inv-victim", Map.of(), Map.of())));
        assertEquals(200, r.status(), r.body().toString());
        assertEquals("inv-4", r.body().path("stored").path(0).asText(), "stored under its own name, not the victim's");
        assertEquals(404, TestCluster.admin().get("/v1/resources/node/inv-victim").status());
        var two = agent.client().postJson(PATH, beat("node", new Entry("a", Map.of(), Map.of()),
                new Entry("b", Map.of(), Map.of())));
        assertEquals(400, two.status(), "a node is one entry");
    }

    @Test
    void kindsAgentsDoNotServeMalformedEntriesFloodsAndNonNodesAreRefused() throws Exception {
        var agent = TestCluster.joinNode("inv-5", null).client();
        for (String kind : List.of("role", "user", "token", "nosuch")) {
            var r = agent.postJson(PATH, beat(kind, new Entry("x", Map.of(), Map.of())));
            assertEquals(400, r.status(), kind + ": " + r.body());
            assertTrue(r.errorMessage().contains("agents announce only"), r.errorMessage());
        }
        var bad = agent.postJson(PATH, beat("desktop",
                new Entry("bad name with spaces", Map.of(), Map.of("addr", "10.0.0.8:3389")),
                new Entry("inv-desk-5", Map.of(), Map.of("addr", "10.0.0.8:3389", "unknown_field", "x"))));
        assertEquals(200, bad.status());
        assertEquals(2, bad.body().path("refused").size(), bad.body().toString());
        var flood = new Entry[1001];
        java.util.Arrays.fill(flood, new Entry("inv-desk-f", Map.of(), Map.of("addr", "10.0.0.9:3389")));
        assertEquals(400, agent.postJson(PATH, beat("desktop", flood)).status());
        assertEquals(403, TestCluster.proxy().postJson(PATH, beat("desktop",
                new Entry("inv-desk-p", Map.of(), Map.of("addr", "10.0.0.9:3389")))).status(), "only nodes announce");
    }
}
