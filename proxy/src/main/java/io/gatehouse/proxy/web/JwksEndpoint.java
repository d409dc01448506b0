package io.gatehouse.proxy.web;

import io.gatehouse.proxy.app.AppJwtKeys;
import io.gatehouse.proxy.authclient.AuthConnection;
import io.gatehouse.shared.api.ApiPaths;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;

/**
 * GET /.well-known/jwks.json, public like the login page: no session, no certificate, nothing
 * about the caller is read. Apps fetch it to verify Gatehouse-Jwt-Assertion (the jwt CA's public
 * keys only; the private key never leaves auth). Cached by clients for five minutes: a verifier
 * that meets an unknown kid after a rotation fetches again.
 */
@Path(ApiPaths.JWKS)
@Singleton
public class JwksEndpoint {
    static final String CACHE_CONTROL = "public, max-age=300";

    private final AppJwtKeys keys;

    @Inject
    public JwksEndpoint(AuthConnection connection) {
        this(new AppJwtKeys(() -> connection.api().ca("jwt").tlsCertificates(), Clock.systemUTC()));
    }

    JwksEndpoint(AppJwtKeys keys) {
        this.keys = keys;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @RunOnVirtualThread
    public Response jwks() {
        return AuthForward.respond(() -> Response.ok(keys.keySet()).header("Cache-Control", CACHE_CONTROL).build());
    }
}
