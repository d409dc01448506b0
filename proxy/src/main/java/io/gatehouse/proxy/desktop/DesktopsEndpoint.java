package io.gatehouse.proxy.desktop;

import io.gatehouse.proxy.rbac.RoleResolver;
import io.gatehouse.proxy.web.WebCaller;
import io.gatehouse.shared.cert.UserIdentity;
import io.smallrye.common.annotation.RunOnVirtualThread;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** The resources page's desktops tab: the desktops the caller's roles give at least one login on. */
@Path("/v1/webapi/desktops")
@Produces(MediaType.APPLICATION_JSON)
public class DesktopsEndpoint {
    private final WebCaller caller;
    private final DesktopDirectory desktops;
    private final RoleResolver roles;

    public DesktopsEndpoint(WebCaller caller, DesktopDirectory desktops, RoleResolver roles) {
        this.caller = caller;
        this.desktops = desktops;
        this.roles = roles;
    }

    @GET
    @RunOnVirtualThread
    public List<DesktopDirectory.DesktopView> list(@Context HttpServerRequest request) {
        UserIdentity user = caller.of(request).user();
        return desktops.visibleTo(user, roles.rolesOf(user));
    }
}
