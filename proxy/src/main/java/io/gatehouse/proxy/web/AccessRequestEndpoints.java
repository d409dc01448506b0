package io.gatehouse.proxy.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.proxy.authclient.AuthConnection;
import io.gatehouse.proxy.websession.WebSessions;
import io.gatehouse.shared.api.AccessRequestDto;
import io.gatehouse.shared.api.ApiPaths;
import io.gatehouse.shared.api.CertsResponse;
import io.smallrye.common.annotation.RunOnVirtualThread;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Access requests for the page and for gate (docs/web-api.md): auth decides everything; the
 * proxy only says who is asking. Assuming differs by client: gate sends a public key and gets
 * certificates for it; a browser session has its certificates re-issued by auth (or dropped back
 * to the user's own), so the page never holds a key.
 */
@Path("/v1/webapi/access-requests")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AccessRequestEndpoints {
    private final WebCaller caller;
    private final WebSessions sessions;
    private final AuthConnection connection;

    public AccessRequestEndpoints(WebCaller caller, WebSessions sessions, AuthConnection connection) {
        this.caller = caller;
        this.sessions = sessions;
        this.connection = connection;
    }

    @POST
    @RunOnVirtualThread
    public Response create(@Context HttpServerRequest request, AccessRequestDto.Create body) {
        return forward(request, "POST", "", body);
    }

    @GET
    @RunOnVirtualThread
    public Response list(@Context HttpServerRequest request, @QueryParam("state") String state) {
        String qs = state == null || state.isBlank() ? "" : "?state=" + URLEncoder.encode(state, StandardCharsets.UTF_8);
        return forward(request, "GET", qs, null);
    }

    @GET
    @Path("{id}")
    @RunOnVirtualThread
    public Response get(@Context HttpServerRequest request, @PathParam("id") String id) {
        return forward(request, "GET", "/" + encode(id), null);
    }

    @POST
    @Path("{id}/reviews")
    @RunOnVirtualThread
    public Response review(@Context HttpServerRequest request, @PathParam("id") String id,
            AccessRequestDto.Decision decision) {
        return forward(request, "POST", "/" + encode(id) + "/reviews", decision);
    }

    @POST
    @Path("{id}/cancel")
    @RunOnVirtualThread
    public Response cancel(@Context HttpServerRequest request, @PathParam("id") String id) {
        return forward(request, "POST", "/" + encode(id) + "/cancel", null);
    }

    @POST
    @Path("{id}/assume")
    @RunOnVirtualThread
    public Response assume(@Context HttpServerRequest request, @PathParam("id") String id,
            AccessRequestDto.Assume body) {
        WebCaller.Acting acting = caller.of(request);
        if (acting.sessionId().isPresent()) {
            return AuthForward.call(() -> SessionEndpoints.SessionView.of(sessions.assume(acting.sessionId().get(),
                    WebCaller.bearer(request), id), null));
        }
        return AuthForward.call(() -> connection.auth().call("POST", ApiPaths.ACCESS_REQUESTS + "/" + encode(id)
                + "/assume", body, CertsResponse.class, RecordingsEndpoint.FORWARDED_CERT, acting.forwardedCert()));
    }

    /** The browser session goes back to the user's own roles (gate simply logs in again). */
    @POST
    @Path("drop")
    @RunOnVirtualThread
    public Response drop(@Context HttpServerRequest request) {
        WebCaller.Acting acting = caller.of(request);
        if (acting.sessionId().isEmpty()) {
            throw UserCaller.refusal(400, "invalid", "only a browser session drops an access request; with gate, "
                    + "run gate login again");
        }
        return AuthForward.call(() -> SessionEndpoints.SessionView.of(sessions.assume(acting.sessionId().get(),
                WebCaller.bearer(request), null), null));
    }

    private Response forward(HttpServerRequest request, String method, String rest, Object body) {
        WebCaller.Acting acting = caller.of(request);
        return AuthForward.call(() -> connection.auth().call(method, ApiPaths.ACCESS_REQUESTS + rest, body,
                JsonNode.class, RecordingsEndpoint.FORWARDED_CERT, acting.forwardedCert()));
    }

    private static String encode(String id) {
        return URLEncoder.encode(id == null ? "" : id, StandardCharsets.UTF_8);
    }
}
