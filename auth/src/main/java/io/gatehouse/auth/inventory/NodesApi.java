package io.gatehouse.auth.inventory;

import io.gatehouse.auth.api.CurrentCaller;
import io.gatehouse.shared.api.NodeEvent;
import io.gatehouse.shared.api.DesktopHeartbeat;
import io.gatehouse.shared.api.NodeHeartbeat;
import io.gatehouse.shared.resource.Resources;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/** What agents call: heartbeats and their spooled audit events. */
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class NodesApi {
    private final CurrentCaller caller;
    private final NodeInventory inventory;
    private final NodeEvents events;
    private final DesktopInventory desktops;

    public NodesApi(CurrentCaller caller, NodeInventory inventory, NodeEvents events, DesktopInventory desktops) {
        this.caller = caller;
        this.inventory = inventory;
        this.events = events;
        this.desktops = desktops;
    }

    @POST
    @Path("desktops/heartbeat")
    public Uni<DesktopInventory.Result> desktops(DesktopHeartbeat beat) {
        return desktops.heartbeat(caller.get(), beat);
    }

    @POST
    @Path("nodes/heartbeat")
    public Uni<Map<String, Object>> heartbeat(NodeHeartbeat beat) {
        return inventory.heartbeat(caller.get(), beat).map(Resources::toTree);
    }

    @POST
    @Path("audit/node-events")
    public Uni<NodeEvent.Ack> events(NodeEvent.Batch batch) {
        return events.store(caller.get(), batch);
    }

}
