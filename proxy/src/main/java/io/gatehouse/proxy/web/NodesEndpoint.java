package io.gatehouse.proxy.web;

import io.gatehouse.proxy.inventory.ListedResource;
import io.gatehouse.proxy.inventory.ResourceInventory;
import io.gatehouse.proxy.rbac.RoleResolver;
import io.gatehouse.shared.cert.UserIdentity;
import io.gatehouse.shared.resource.Kind;
import io.smallrye.common.annotation.RunOnVirtualThread;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * `gate ls` (it filters by itself): every node the resources listing gives this caller, as one
 * array in name order, each item as {@code GET /v1/webapi/resources?kind=node} writes it. Kept for
 * the released `gate`; new clients use the resources listing.
 */
@Path("/v1/webapi/nodes")
@Produces(MediaType.APPLICATION_JSON)
public class NodesEndpoint {
    private final WebCaller caller;
    private final ResourceInventory inventory;
    private final RoleResolver roles;

    public NodesEndpoint(WebCaller caller, ResourceInventory inventory, RoleResolver roles) {
        this.caller = caller;
        this.inventory = inventory;
        this.roles = roles;
    }

    @GET
    @RunOnVirtualThread
    public List<ListedResource<?>> list(@Context HttpServerRequest request) {
        UserIdentity user = caller.of(request).user();
        return inventory.visibleTo(user, ResourcesEndpoint.rolesOf(roles, user), Set.of(Kind.NODE.id())).stream()
                .sorted(Comparator.comparing(ListedResource::name)).toList();
    }
}
