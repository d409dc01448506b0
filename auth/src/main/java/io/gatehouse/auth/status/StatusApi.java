package io.gatehouse.auth.status;

import io.gatehouse.auth.api.CurrentCaller;
import io.gatehouse.shared.api.ApiPaths;
import io.gatehouse.shared.api.StatusResponse;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Cluster status for any authenticated caller: what gatectl status prints. */
@Path(ApiPaths.STATUS)
@Produces(MediaType.APPLICATION_JSON)
public class StatusApi {
    private final CurrentCaller caller;
    private final ClusterStatus status;

    public StatusApi(CurrentCaller caller, ClusterStatus status) {
        this.caller = caller;
        this.status = status;
    }

    @GET
    public Uni<StatusResponse> status() {
        return status.of(caller.get());
    }
}
