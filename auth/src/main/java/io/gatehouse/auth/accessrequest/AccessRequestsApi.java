package io.gatehouse.auth.accessrequest;

import io.gatehouse.auth.api.ApiException;
import io.gatehouse.auth.api.Authorizer;
import io.gatehouse.auth.api.Caller;
import io.gatehouse.auth.api.CurrentCaller;
import io.gatehouse.auth.identity.SubjectKeys;
import io.gatehouse.shared.api.AccessRequestDto;
import io.gatehouse.shared.api.CertsResponse;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Access requests for users (gate request ..., and the proxy's web pages acting for a user):
 * create, list, show, review, cancel, and assume (certificates for the caller's key).
 */
@Path("/v1/access-requests")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AccessRequestsApi {
    private final CurrentCaller caller;
    private final AccessRequestService service;
    private final RequestAssumption assumption;
    private final Authorizer authorizer;

    public AccessRequestsApi(CurrentCaller caller, AccessRequestService service, RequestAssumption assumption,
            Authorizer authorizer) {
        this.caller = caller;
        this.authorizer = authorizer;
        this.service = service;
        this.assumption = assumption;
    }

    @POST
    public Uni<AccessRequestDto.View> create(AccessRequestDto.Create body) {
        return service.create(caller.get(), body == null ? new AccessRequestDto.Create(null, null, null) : body);
    }

    @GET
    public Uni<AccessRequestDto.ListView> list(@QueryParam("state") String state) {
        Optional<RequestState> filter = Optional.ofNullable(state).filter(s -> !s.isBlank()).map(s -> Arrays
                .stream(RequestState.values()).filter(v -> v.id().equals(s.toLowerCase(Locale.ROOT))).findFirst()
                .orElseThrow(() -> ApiException.invalid("unknown state '" + s + "'; one of "
                        + Arrays.stream(RequestState.values()).map(RequestState::id).toList())));
        return service.list(caller.get(), filter).map(AccessRequestDto.ListView::new);
    }

    @GET
    @Path("{id}")
    public Uni<AccessRequestDto.View> get(@PathParam("id") String id) {
        return service.get(caller.get(), id);
    }

    @POST
    @Path("{id}/reviews")
    public Uni<AccessRequestDto.View> review(@PathParam("id") String id, AccessRequestDto.Decision decision) {
        if (decision == null) {
            throw ApiException.invalid("send {\"approve\": true|false, \"reason\": \"...\"}");
        }
        return service.review(caller.get(), id, decision);
    }

    @POST
    @Path("{id}/cancel")
    public Uni<AccessRequestDto.View> cancel(@PathParam("id") String id) {
        return service.cancel(caller.get(), id);
    }

    /** For proxies and nodes: the states of the requests their open sessions rely on, in one call. */
    @POST
    @Path("states")
    public Uni<AccessRequestDto.States> states(AccessRequestDto.StatesQuery query) {
        // Proxies (browser connections) and nodes (SSH sessions) end what was opened under a request.
        var who = caller.get();
        return (who instanceof io.gatehouse.auth.api.Caller.Host h && h.has(Authorizer.NODE)
                ? authorizer.requireSystemRole(who, Authorizer.NODE, "read the states of access requests")
                : authorizer.requireSystemRole(who, Authorizer.PROXY, "read the states of access requests"))
                .flatMap(x -> service.states(query == null ? null : query.ids()))
                .map(AccessRequestDto.States::new);
    }

    /** New certificates for the caller's public key with the approved request's roles (gate login --request-id). */
    @POST
    @Path("{id}/assume")
    public Uni<CertsResponse> assume(@PathParam("id") String id, AccessRequestDto.Assume body) {
        if (!(caller.get() instanceof Caller.User user)) {
            throw ApiException.accessDenied("only the user who made a request can assume it");
        }
        var key = SubjectKeys.parse(body == null ? null : body.publicKey());
        return service.inTransaction(s -> assumption.assume(s, user.identity().username(), id, key, "cli"));
    }

    @Scheduled(every = "5s", delayed = "10s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> expireDue() {
        return service.expireDue().replaceWithVoid();
    }
}
