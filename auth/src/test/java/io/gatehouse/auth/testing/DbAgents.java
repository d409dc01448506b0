package io.gatehouse.auth.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gatehouse.shared.api.InventoryHeartbeat;
import java.util.List;
import java.util.Map;

/** Agents serving databases, joined and heartbeating through the real API as the agent does. */
public final class DbAgents {
    private DbAgents() {
    }

    /** An agent with the node and db system roles (a token made with --type=node,db). */
    public static TestCluster.JoinedNode join(String name) throws Exception {
        return TestCluster.joinAgent(name, null, List.of("node", "db"));
    }

    /** {@code agent} announces one database of {@code protocol} with {@code labels}. */
    public static void announce(AuthClient agent, String db, String protocol, Map<String, String> labels)
            throws Exception {
        var r = agent.postJson("/v1/inventory/heartbeat", new InventoryHeartbeat("db", List.of(
                new InventoryHeartbeat.Entry(db, labels, Map.of("protocol", protocol, "uri", "127.0.0.1:5432"))),
                "5m"));
        assertEquals(200, r.status(), r.body().toString());
        assertEquals(db, r.body().path("stored").path(0).asText(), r.body().toString());
    }

    /** Creates (or keeps) a role from YAML as the admin. */
    public static void role(String yaml) throws Exception {
        var r = TestCluster.admin().postYaml("/v1/resources", yaml);
        if (r.status() != 201 && r.status() != 409) {
            throw new AssertionError(r.body().toString());
        }
    }
}
