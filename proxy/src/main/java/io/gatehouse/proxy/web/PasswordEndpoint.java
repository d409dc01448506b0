package io.gatehouse.proxy.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.proxy.authclient.AuthConnection;
import io.gatehouse.shared.api.ApiPaths;
import io.gatehouse.shared.api.WebSessionDto;
import io.smallrye.common.annotation.RunOnVirtualThread;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The account page's password change, forwarded to auth as the user. */
@Path("/v1/webapi/users/password")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class PasswordEndpoint {
    private final WebCaller caller;
    private final AuthConnection connection;

    public PasswordEndpoint(WebCaller caller, AuthConnection connection) {
        this.caller = caller;
        this.connection = connection;
    }

    /** Auth ends every web session of the user on success: the page logs in again. */
    @PUT
    @RunOnVirtualThread
    public Response changePassword(@Context HttpServerRequest request, WebSessionDto.ChangePassword change) {
        WebCaller.Acting acting = caller.of(request);
        return AuthForward.respond(() -> {
            connection.auth().call("PUT", ApiPaths.USER_PASSWORD, change, JsonNode.class,
                    RecordingsEndpoint.FORWARDED_CERT, acting.forwardedCert());
            return Response.noContent().header("Set-Cookie", SessionEndpoints.cookie("", 0)).build();
        });
    }
}
