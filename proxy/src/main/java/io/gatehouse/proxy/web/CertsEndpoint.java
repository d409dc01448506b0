package io.gatehouse.proxy.web;

import io.gatehouse.proxy.authclient.AuthConnection;
import io.gatehouse.shared.api.ApiPaths;
import io.gatehouse.shared.api.AppCertsResponse;
import io.gatehouse.shared.api.DbCertsResponse;
import io.gatehouse.shared.api.SignAppRequest;
import io.gatehouse.shared.api.SignDbRequest;
import io.smallrye.common.annotation.RunOnVirtualThread;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * gate db login and gate apps login: a routed certificate for a key gate holds, asked of auth as
 * the user (auth checks their roles and keeps the certificate within the one they proved here). A
 * browser session has no key of its own to certify, so it is told to use gate.
 */
@Path("/v1/webapi/certs")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class CertsEndpoint {
    private final WebCaller caller;
    private final AuthConnection connection;

    public CertsEndpoint(WebCaller caller, AuthConnection connection) {
        this.caller = caller;
        this.connection = connection;
    }

    @POST
    @Path("db")
    @RunOnVirtualThread
    public Response signDb(@Context HttpServerRequest request, SignDbRequest body) {
        return forward(request, ApiPaths.CERTS_DB, body, DbCertsResponse.class, "database certificates are for gate, "
                + "which holds the key they certify: run gate db login NAME --db-user=USER");
    }

    @POST
    @Path("app")
    @RunOnVirtualThread
    public Response signApp(@Context HttpServerRequest request, SignAppRequest body) {
        return forward(request, ApiPaths.CERTS_APP, body, AppCertsResponse.class, "app certificates are for gate, "
                + "which holds the key they certify: run gate apps login NAME");
    }

    private <T> Response forward(HttpServerRequest request, String path, Object body, Class<T> type,
            String forBrowsers) {
        WebCaller.Acting acting = caller.of(request);
        if (acting.sessionId().isPresent()) {
            throw UserCaller.refusal(400, "invalid", forBrowsers);
        }
        return AuthForward.call(() -> connection.auth().call("POST", path, body, type, RecordingsEndpoint.FORWARDED_CERT,
                acting.forwardedCert()));
    }
}
