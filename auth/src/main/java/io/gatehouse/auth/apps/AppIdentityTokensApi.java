package io.gatehouse.auth.apps;

import io.gatehouse.auth.api.CurrentCaller;
import io.gatehouse.shared.api.AppJwtRequest;
import io.gatehouse.shared.api.AppJwtResponse;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** POST /v1/apps/jwt (ApiPaths.APPS_JWT): an agent asks for the identity token an app it serves receives. */
@Path("/v1/apps")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AppIdentityTokensApi {
    private final CurrentCaller caller;
    private final AppIdentityTokens tokens;

    public AppIdentityTokensApi(CurrentCaller caller, AppIdentityTokens tokens) {
        this.caller = caller;
        this.tokens = tokens;
    }

    @POST
    @Path("jwt")
    public Uni<AppJwtResponse> jwt(AppJwtRequest request) {
        return tokens.issue(caller.get(), request);
    }
}
