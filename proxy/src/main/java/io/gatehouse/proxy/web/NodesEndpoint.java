package io.gatehouse.proxy.web;

import io.gatehouse.proxy.nodes.NodeInventory;
import io.gatehouse.proxy.rbac.RoleResolver;
import io.gatehouse.shared.cert.UserIdentity;
import io.smallrye.common.annotation.RunOnVirtualThread;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** `gate ls` and the web UI's resources page: the nodes the caller's roles give at least one login on, with those logins. */
@Path("/v1/webapi/nodes")
@Produces(MediaType.APPLICATION_JSON)
public class NodesEndpoint {
    private final WebCaller caller;
    private final NodeInventory nodes;
    private final RoleResolver roles;

    public NodesEndpoint(WebCaller caller, NodeInventory nodes, RoleResolver roles) {
        this.caller = caller;
        this.nodes = nodes;
        this.roles = roles;
    }

    @GET
    @RunOnVirtualThread
    public List<NodeInventory.NodeView> list(@Context HttpServerRequest request) {
        UserIdentity user = caller.of(request).user();
        return nodes.visibleTo(user, roles.rolesOf(user));
    }
}
