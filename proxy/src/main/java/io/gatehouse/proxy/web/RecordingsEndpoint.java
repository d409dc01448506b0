package io.gatehouse.proxy.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.proxy.authclient.AuthConnection;
import io.gatehouse.shared.api.ApiPaths;
import io.smallrye.common.annotation.RunOnVirtualThread;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.InputStream;

/**
 * `gate recordings ls`, `gate play` and the web UI's recordings: forwarded to auth as the user (auth decides what the user
 * may see), with the certificate the user just proved to own in this TLS connection.
 */
@Path("/v1/webapi/recordings")
@Produces(MediaType.APPLICATION_JSON)
public class RecordingsEndpoint {
    static final String FORWARDED_CERT = "Gatehouse-Forwarded-User-Cert";

    private final WebCaller caller;
    private final AuthConnection connection;

    public RecordingsEndpoint(WebCaller caller, AuthConnection connection) {
        this.caller = caller;
        this.connection = connection;
    }

    @GET
    @RunOnVirtualThread
    public Response list(@Context HttpServerRequest request, @QueryParam("limit") @DefaultValue("100") int limit) {
        String cert = forwarded(request);
        return AuthForward.call(() -> connection.auth().get(ApiPaths.RECORDINGS + "?limit=" + Math.min(limit, 1000),
                JsonNode.class, FORWARDED_CERT, cert));
    }

    @GET
    @Path("{session}")
    @RunOnVirtualThread
    public Response get(@Context HttpServerRequest request, @PathParam("session") String session) {
        String cert = forwarded(request);
        return AuthForward.call(() -> connection.auth().get(ApiPaths.RECORDINGS + "/" + valid(session),
                JsonNode.class, FORWARDED_CERT, cert));
    }

    /**
     * The recording's bytes, passed on from auth as they arrive: the proxy holds one buffer of it,
     * and a slow reader (the browser, gate play) holds up auth rather than filling anyone's heap.
     */
    @GET
    @Path("{session}/content")
    @Produces({MediaType.APPLICATION_OCTET_STREAM, MediaType.APPLICATION_JSON})
    @RunOnVirtualThread
    public Response content(@Context HttpServerRequest request, @PathParam("session") String session) {
        String cert = forwarded(request);
        String id = valid(session);
        Response r = AuthForward.respond(() -> {
            InputStream body = connection.auth().download(ApiPaths.RECORDINGS + "/" + id + "/content",
                    FORWARDED_CERT, cert);
            StreamingOutput copy = out -> {
                try (body) {
                    body.transferTo(out);
                }
            };
            return Response.ok(copy, MediaType.APPLICATION_OCTET_STREAM_TYPE).build();
        });
        return r.getStatus() < 400 ? r : Response.fromResponse(r).type(MediaType.APPLICATION_JSON_TYPE).build();
    }

    private static String valid(String session) {
        if (!session.matches("[A-Za-z0-9-]{8,64}")) {
            throw UserCaller.refusal(400, "invalid", "'" + session + "' is not a session id");
        }
        return session;
    }

    private String forwarded(HttpServerRequest request) {
        return caller.of(request).forwardedCert(); // a valid user certificate or web session, or a refusal
    }
}
