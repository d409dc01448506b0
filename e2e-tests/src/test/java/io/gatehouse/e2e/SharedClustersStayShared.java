package io.gatehouse.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.e2e.support.Cluster;
import io.gatehouse.e2e.support.ProxyCalls;
import io.gatehouse.e2e.support.SharedCluster;
import io.gatehouse.e2e.support.Users;
import org.junit.jupiter.api.Test;

/**
 * The fixture the other scenarios stand on: a shared cluster cannot be taken down by one scenario,
 * and its auth lets a run's many logins from 127.0.0.1 through (the per-source limit is 20 a
 * minute elsewhere).
 */
@SharedCluster
class SharedClustersStayShared {
    @Test
    void noScenarioCanStopRestartOrKillIt(Cluster cluster) {
        for (Runnable takeDown : new Runnable[] {cluster::stop, cluster::restart, () -> cluster.kill("proxy"),
            () -> cluster.kill("agent")}) {
            var refused = assertThrows(IllegalStateException.class, takeDown::run);
            assertTrue(refused.getMessage().contains("give this scenario its own"), refused.getMessage());
        }
        cluster.close(); // ignored: the run closes it
        var status = cluster.gatectl("status");
        assertEquals(0, status.exit(), "the shared cluster still answers: " + status);
    }

    @Test
    void moreLoginsAMinuteFromOneSourceThanTheDefaultLimitAreCheckedNotThrottled(Cluster cluster) throws Exception {
        ProxyCalls proxy = new ProxyCalls(cluster.proxyIdentity(), cluster.port());
        for (int i = 1; i <= 25; i++) {
            // A new name each time, so only the per-source limit (not the per-name one) could refuse.
            var r = Users.login(proxy, "nobody-" + i + "-" + System.nanoTime(), "not a password at all", "000000");
            assertEquals(401, r.status(), "login " + i + " from 127.0.0.1: " + r.body());
        }
    }
}
