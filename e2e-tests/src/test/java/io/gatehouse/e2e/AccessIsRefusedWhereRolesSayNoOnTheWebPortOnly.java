package io.gatehouse.e2e;

import io.gatehouse.e2e.support.Cluster;

/** {@link AccessIsRefusedWhereRolesSayNo} with only the proxy's web port reachable: SSH and tunnels by TLS routing. */
@Cluster.WebPortOnly
class AccessIsRefusedWhereRolesSayNoOnTheWebPortOnly extends AccessIsRefusedWhereRolesSayNo {
}
