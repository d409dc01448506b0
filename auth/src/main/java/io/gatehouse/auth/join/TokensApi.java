package io.gatehouse.auth.join;

import io.gatehouse.auth.api.CurrentCaller;
import io.gatehouse.shared.api.ApiPaths;
import io.gatehouse.shared.api.CreateTokenRequest;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Creating join tokens; listing and deleting go through /v1/resources/token. */
@Path(ApiPaths.TOKENS)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class TokensApi {
    private final CurrentCaller caller;
    private final JoinTokenService tokens;

    public TokensApi(CurrentCaller caller, JoinTokenService tokens) {
        this.caller = caller;
        this.tokens = tokens;
    }

    @POST
    public Uni<Response> create(CreateTokenRequest request) {
        return tokens.create(caller.get(), request).map(t -> Response.status(201).entity(t).build());
    }
}
