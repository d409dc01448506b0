package io.gatehouse.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.e2e.support.Cluster;
import io.gatehouse.e2e.support.ProxyCalls;
import io.gatehouse.shared.api.JoinRequest;
import io.gatehouse.shared.cert.Keys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Restart auth: CAs, users, roles and tokens are all still there; spent and expired tokens are refused. */
class RestartedAuthKeepsItsCluster {
    @TempDir
    Path dir;

    private static String tokenFrom(String out) {
        Matcher m = Pattern.compile("The invite token: (\\S+)").matcher(out);
        assertTrue(m.find(), out);
        return m.group(1);
    }

    private static JoinRequest join(String token, String host) {
        return new JoinRequest(token, host, null, List.of("node"), List.of(),
                Keys.toOpenSshPublicKey(Keys.generateEcdsaP256().getPublic()));
    }

    /** Id, roles and uses of each token (the expiry column counts down, so it is left out). */
    private static List<String> tokenIdsAndUses(Cluster cluster) {
        return cluster.gatectl("tokens", "ls").out().lines()
                .map(l -> String.join(" ", java.util.Arrays.asList(l.trim().split("\\s+")).subList(0,
                        Math.min(3, l.trim().split("\\s+").length))))
                .toList();
    }

    @Test
    void everythingSurvivesARestartAndTokensKeepTheirLimits() throws Exception {
        try (Cluster cluster = new Cluster()) {
            cluster.start();
            Files.writeString(dir.resolve("dev.yaml"), """
                    kind: role
                    version: v1
                    metadata: {name: dev}
                    spec:
                      allow:
                        logins: [ubuntu]
                        node_labels: {env: [dev, staging]}
                    """);
            assertEquals(0, cluster.gatectl("create", "-f", dir.resolve("dev.yaml").toString()).exit());
            assertEquals(0, cluster.gatectl("users", "add", "bob", "--roles=dev").exit());
            var single = cluster.gatectl("tokens", "add", "--type=node", "--single-use", "--ttl=1h");
            var shortLived = cluster.gatectl("tokens", "add", "--type=node", "--ttl=2s");
            String before = cluster.gatectl("status").out().lines().filter(l -> l.contains("SHA256")).toList()
                    .toString();
            // The quickstart's own agent joined with a token of its own: compare, don't count.
            List<String> tokensBefore = tokenIdsAndUses(cluster);
            assertTrue(tokensBefore.size() >= 4, tokensBefore.toString());

            cluster.restart();

            String after = cluster.gatectl("status").out().lines().filter(l -> l.contains("SHA256")).toList()
                    .toString();
            assertEquals(before, after, "the same four CAs after the restart");
            assertTrue(cluster.gatectl("get", "role/dev", "-o", "yaml").out().contains("staging"));
            assertTrue(cluster.gatectl("users", "ls").out().contains("bob"));
            assertEquals(tokensBefore, tokenIdsAndUses(cluster), "every token kept, with its uses");

            ProxyCalls proxy = new ProxyCalls(cluster.proxyIdentity(), cluster.port());
            assertEquals(200, proxy.post("/v1/join", join(tokenFrom(single.out()), "node-1")).status());
            var spent = proxy.post("/v1/join", join(tokenFrom(single.out()), "node-2"));
            assertEquals(403, spent.status());
            assertTrue(spent.message().contains("used up") && spent.message().contains("gatectl tokens add"),
                    spent.message());
            Thread.sleep(2500);
            var expired = proxy.post("/v1/join", join(tokenFrom(shortLived.out()), "node-3"));
            assertEquals(403, expired.status());
            assertTrue(expired.message().contains("expired"), expired.message());
        }
    }
}
