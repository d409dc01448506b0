package io.gatehouse.auth.inventory;

import io.gatehouse.auth.api.ApiException;
import io.gatehouse.auth.api.CurrentCaller;
import io.gatehouse.shared.api.ApiPaths;
import io.gatehouse.shared.api.DesktopHeartbeat;
import io.gatehouse.shared.api.InventoryHeartbeat;
import io.gatehouse.shared.api.NodeEvent;
import io.gatehouse.shared.api.NodeHeartbeat;
import io.gatehouse.shared.resource.Kind;
import io.gatehouse.shared.resource.Resources;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What agents call: heartbeats (one path for every kind they serve; the node and desktop paths of
 * before it are kept for older agents and go the same way) and their spooled audit events.
 */
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class NodesApi {
    private final CurrentCaller caller;
    private final HostedResources inventory;
    private final NodeEvents events;

    public NodesApi(CurrentCaller caller, HostedResources inventory, NodeEvents events) {
        this.caller = caller;
        this.inventory = inventory;
        this.events = events;
    }

    @POST
    @Path("inventory/heartbeat")
    public Uni<InventoryHeartbeat.Result> heartbeat(InventoryHeartbeat beat) {
        return inventory.heartbeat(caller.get(), beat).map(HostedResources.Outcome::result);
    }

    @POST
    @Path("desktops/heartbeat")
    public Uni<InventoryHeartbeat.Result> desktops(DesktopHeartbeat beat) {
        List<InventoryHeartbeat.Entry> entries = beat == null || beat.desktops() == null ? List.of()
                : beat.desktops().stream().map(d -> d == null ? null : new InventoryHeartbeat.Entry(d.name(),
                        d.labels(), spec("addr", d.addr()))).toList();
        return heartbeat(new InventoryHeartbeat(Kind.DESKTOP.id(), entries, beat == null ? null : beat.ttl()));
    }

    /** A node's own entry: refused as an error (409 when another live host holds the name, else 400). */
    @POST
    @Path("nodes/heartbeat")
    public Uni<Map<String, Object>> node(NodeHeartbeat beat) {
        if (beat == null) {
            throw ApiException.invalid("send {addr, labels, ttl} to " + ApiPaths.NODE_HEARTBEAT);
        }
        var entry = new InventoryHeartbeat.Entry("", beat.labels(), spec("addr", beat.addr()));
        return inventory.heartbeat(caller.get(), new InventoryHeartbeat(Kind.NODE.id(), List.of(entry), beat.ttl()))
                .map(outcome -> {
                    if (!outcome.refused().isEmpty()) {
                        var refusal = outcome.refused().values().iterator().next();
                        String message = "heartbeat refused: " + refusal.why();
                        throw refusal.conflict() ? ApiException.conflict(message) : ApiException.invalid(message);
                    }
                    return Resources.toTree(outcome.stored().get(0));
                });
    }

    @POST
    @Path("audit/node-events")
    public Uni<NodeEvent.Ack> events(NodeEvent.Batch batch) {
        return events.store(caller.get(), batch);
    }

    private static Map<String, Object> spec(String key, String value) {
        Map<String, Object> spec = new HashMap<>();
        if (value != null) {
            spec.put(key, value);
        }
        return spec;
    }
}
