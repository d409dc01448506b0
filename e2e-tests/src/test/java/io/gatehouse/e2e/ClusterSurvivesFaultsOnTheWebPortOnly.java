package io.gatehouse.e2e;

import io.gatehouse.e2e.support.Cluster;

/** {@link ClusterSurvivesFaults} with only the proxy's web port reachable: SSH and tunnels by TLS routing. */
@Cluster.WebPortOnly
class ClusterSurvivesFaultsOnTheWebPortOnly extends ClusterSurvivesFaults {
}
