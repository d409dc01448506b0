package io.gatehouse.auth.websessions;

import io.gatehouse.auth.api.Caller;
import io.gatehouse.auth.api.CurrentCaller;
import io.gatehouse.auth.login.LoginSource;
import io.gatehouse.shared.api.ApiPaths;
import io.gatehouse.shared.api.LoginRequest;
import io.gatehouse.shared.api.WebSessionDto;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Browser sessions, for the proxy only. Session ids travel in POST bodies, never in URLs, so
 * they cannot end up in an access log.
 */
@Path(ApiPaths.WEB_SESSIONS)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class WebSessionsApi {
    private final CurrentCaller caller;
    private final WebSessionService service;

    public WebSessionsApi(CurrentCaller caller, WebSessionService service) {
        this.caller = caller;
        this.service = service;
    }

    @POST
    public Uni<Response> create(LoginRequest request, @Context HttpServerRequest http) {
        Caller who = caller.get();
        return service.create(who, LoginSource.of(who, http), request).map(created -> Response.status(201).entity(created).build());
    }

    @POST
    @Path("lookup")
    public Uni<WebSessionDto.Session> lookup(WebSessionDto.Lookup request) {
        return service.lookup(caller.get(), request);
    }

    @POST
    @Path("assume")
    public Uni<WebSessionDto.Session> assume(WebSessionDto.Assume request) {
        return service.assume(caller.get(), request);
    }

    @POST
    @Path("end")
    public Uni<Response> end(WebSessionDto.End request) {
        return service.end(caller.get(), request).replaceWith(Response.noContent().build());
    }

    @Scheduled(every = "5m", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> purgeEnded() {
        return service.purge().replaceWithVoid();
    }
}
