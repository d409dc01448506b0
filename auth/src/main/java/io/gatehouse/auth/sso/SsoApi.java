package io.gatehouse.auth.sso;

import io.gatehouse.auth.api.CurrentCaller;
import io.gatehouse.shared.api.CertsResponse;
import io.gatehouse.shared.api.SsoDto;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * SSO for proxies only: the connectors to run flows with (secrets included), and the end of a
 * flow — auth re-verifies the ID token and logs the user in (a browser session, or certificates
 * for gate's key). Every refusal is audited as a failed user.login with the connector.
 */
@Path("/v1/sso")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class SsoApi {
    private final CurrentCaller caller;
    private final SsoCompletion sso;

    public SsoApi(CurrentCaller caller, SsoCompletion sso) {
        this.caller = caller;
        this.sso = sso;
    }

    @GET
    @Path("connectors")
    public Uni<SsoDto.Connectors> connectors() {
        return sso.connectors(caller.get());
    }

    @POST
    @Path("web-sessions")
    public Uni<Response> webSession(SsoDto.Login request) {
        return sso.webSession(caller.get(), request).map(created -> Response.status(201).entity(created).build());
    }

    @POST
    @Path("certs")
    public Uni<CertsResponse> certs(SsoDto.Login request) {
        return sso.certs(caller.get(), request);
    }

    @POST
    @Path("failures")
    public Uni<Response> failure(SsoDto.Failure failure) {
        return sso.failed(caller.get(), failure).replaceWith(Response.noContent().build());
    }
}
