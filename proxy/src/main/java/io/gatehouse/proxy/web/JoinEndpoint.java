package io.gatehouse.proxy.web;

import io.gatehouse.proxy.authclient.AuthConnection;
import io.gatehouse.shared.api.ApiPaths;
import io.gatehouse.shared.api.HostCertsResponse;
import io.gatehouse.shared.api.JoinRequest;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The join endpoint agents call with a token (they have no certificate yet). The proxy forwards
 * it to auth with its own identity; the token is what authorizes, and auth audits every use. The
 * address the join came from is what this proxy saw on the socket, whatever the body claims: auth
 * pins it as the only IP a direct-mode node may be dialled at.
 */
@Path("/v1/webapi/join")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class JoinEndpoint {
    private final AuthConnection connection;

    public JoinEndpoint(AuthConnection connection) {
        this.connection = connection;
    }

    @POST
    @RunOnVirtualThread
    public Response join(JoinRequest request, @jakarta.ws.rs.core.Context io.vertx.core.http.HttpServerRequest http) {
        String seen = http.remoteAddress() == null ? "" : http.remoteAddress().hostAddress();
        JoinRequest forwarded = (request == null ? new JoinRequest(null, null, null, null, null, null) : request)
                .from(seen);
        return AuthForward.call(() -> connection.auth().post(ApiPaths.JOIN, forwarded, HostCertsResponse.class));
    }
}
