package io.gatehouse.auth.join;

import io.gatehouse.auth.api.ApiException;
import io.gatehouse.auth.api.CurrentCaller;
import io.gatehouse.shared.api.ApiPaths;
import io.gatehouse.shared.api.HostCertsResponse;
import io.gatehouse.shared.api.JoinRequest;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Join: a token spent for host certificates, forwarded by the proxy's join endpoint. */
@Path(ApiPaths.JOIN)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class JoinApi {
    private final CurrentCaller caller;
    private final JoinService joins;

    public JoinApi(CurrentCaller caller, JoinService joins) {
        this.caller = caller;
        this.joins = joins;
    }

    @POST
    public Uni<HostCertsResponse> join(JoinRequest request) {
        if (request == null) {
            throw ApiException.invalid("send a join request: {token, host_name, system_roles, public_key}");
        }
        return joins.join(caller.get(), request);
    }
}
