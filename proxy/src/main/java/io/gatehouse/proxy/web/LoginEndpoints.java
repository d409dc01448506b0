package io.gatehouse.proxy.web;

import io.gatehouse.proxy.authclient.AuthConnection;
import io.gatehouse.shared.api.ApiPaths;
import io.gatehouse.shared.api.CertsResponse;
import io.gatehouse.shared.api.CompleteInviteRequest;
import io.gatehouse.shared.api.InviteInfo;
import io.gatehouse.shared.api.LoginRequest;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * What a person without a certificate may do, forwarded to auth with the proxy's identity
 * (auth accepts these only from a proxy, checks passwords and TOTP, counts failures and audits):
 * log in for certificates (gate login), and read and complete a signup invite. Logins name the
 * caller's address to auth, which rate-limits per source.
 */
@Path("/v1/webapi")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class LoginEndpoints {
    private final AuthConnection connection;

    public LoginEndpoints(AuthConnection connection) {
        this.connection = connection;
    }

    @POST
    @Path("/login")
    @RunOnVirtualThread
    public Response login(LoginRequest request, @Context HttpServerRequest http) {
        return AuthForward.call(() -> connection.auth().call("POST", ApiPaths.LOGIN, request, CertsResponse.class,
                ApiPaths.CLIENT_ADDRESS_HEADER, ClientAddress.of(http)));
    }

    @GET
    @Path("/invites/{token}")
    @RunOnVirtualThread
    public Response invite(@PathParam("token") String token) {
        return AuthForward.call(() -> connection.auth().get(ApiPaths.INVITES + "/"
                + URLEncoder.encode(token, StandardCharsets.UTF_8), InviteInfo.class));
    }

    @POST
    @Path("/invites/complete")
    @RunOnVirtualThread
    public Response completeInvite(CompleteInviteRequest request) {
        return AuthForward.call(() -> connection.auth().post(ApiPaths.INVITES + "/complete", request,
                com.fasterxml.jackson.databind.JsonNode.class));
    }
}
