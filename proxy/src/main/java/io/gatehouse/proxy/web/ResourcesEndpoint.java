package io.gatehouse.proxy.web;

import io.gatehouse.proxy.inventory.ResourceInventory;
import io.gatehouse.proxy.inventory.ResourceListing;
import io.gatehouse.proxy.inventory.ResourcePage;
import io.gatehouse.proxy.inventory.ResourceQuery;
import io.gatehouse.proxy.rbac.RoleResolver;
import io.gatehouse.shared.cert.UserIdentity;
import io.gatehouse.shared.rbac.AccessChecker;
import io.smallrye.common.annotation.RunOnVirtualThread;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The web UI's resources page and any script: every resource of every kind the caller's roles
 * allow, with the logins they may use, filtered, sorted and paged by the query (see
 * {@link ResourceQuery}); docs/web-api.md has the wire form.
 */
@Path("/v1/webapi/resources")
@Produces(MediaType.APPLICATION_JSON)
public class ResourcesEndpoint {
    private final WebCaller caller;
    private final ResourceInventory inventory;
    private final RoleResolver roles;

    public ResourcesEndpoint(WebCaller caller, ResourceInventory inventory, RoleResolver roles) {
        this.caller = caller;
        this.inventory = inventory;
        this.roles = roles;
    }

    @GET
    @RunOnVirtualThread
    public ResourcePage list(@Context HttpServerRequest request) {
        UserIdentity user = caller.of(request).user();
        ResourceQuery query = switch (ResourceQuery.parse(params(request), inventory.kinds())) {
            case ResourceQuery.Valid valid -> valid.query();
            case ResourceQuery.Invalid invalid -> throw UserCaller.refusal(400, "invalid", invalid.message());
        };
        return ResourceListing.page(inventory.visibleTo(user, rolesOf(roles, user), query.kinds()), query);
    }

    /** The caller's roles, or a refusal that says why they cannot be read now (fail closed, and said so). */
    static AccessChecker rolesOf(RoleResolver roles, UserIdentity user) {
        AccessChecker checker = roles.rolesOf(user);
        checker.refusal().ifPresent(reason -> {
            throw UserCaller.refusal(403, "access_denied", reason);
        });
        return checker;
    }

    private static Map<String, List<String>> params(HttpServerRequest request) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        request.params().names().forEach(name -> params.put(name, request.params().getAll(name)));
        return params;
    }
}
