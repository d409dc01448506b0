package io.gatehouse.shared.api.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.shared.api.AccessRequestDto;
import io.gatehouse.shared.api.ApiPaths;
import io.gatehouse.shared.api.AppJwtRequest;
import io.gatehouse.shared.api.AppJwtResponse;
import io.gatehouse.shared.api.DbClientCertResponse;
import io.gatehouse.shared.api.HostCertsResponse;
import io.gatehouse.shared.api.InventoryHeartbeat;
import io.gatehouse.shared.api.NodeEvent;
import io.gatehouse.shared.api.RecordingDto;
import io.gatehouse.shared.api.RenewHostRequest;
import io.gatehouse.shared.api.SignDbClientRequest;
import java.util.List;

/**
 * What an agent tells auth and asks it about itself, typed, over the one transport: its heartbeat,
 * its audit events and recordings, its certificate renewal, and the state of the access requests
 * its sessions were opened under. Auth takes the agent's identity from its certificate, never from
 * these bodies.
 */
public final class AgentCalls {
    private final ApiTransport auth;

    public AgentCalls(ApiTransport auth) {
        this.auth = auth;
    }

    public InventoryHeartbeat.Result heartbeat(InventoryHeartbeat beat) {
        return auth.send("POST", ApiPaths.INVENTORY_HEARTBEAT, beat, InventoryHeartbeat.Result.class);
    }

    public NodeEvent.Ack events(NodeEvent.Batch batch) {
        return auth.send("POST", ApiPaths.NODE_EVENTS, batch, NodeEvent.Ack.class);
    }

    public void recordingChunk(String session, RecordingDto.Chunk chunk) {
        auth.send("POST", ApiPaths.RECORDINGS + "/" + ApiClient.segment(session) + "/chunks", chunk, JsonNode.class);
    }

    public void recordingComplete(String session, RecordingDto.Complete done) {
        auth.send("POST", ApiPaths.RECORDINGS + "/" + ApiClient.segment(session) + "/complete", done, JsonNode.class);
    }

    public HostCertsResponse renewHost(RenewHostRequest request) {
        return auth.send("POST", ApiPaths.CERTS_HOST_RENEW, request, HostCertsResponse.class);
    }

    /** A short-lived client certificate for a database this agent serves (CN = {@code request.dbUser()}). */
    public DbClientCertResponse dbClientCert(SignDbClientRequest request) {
        return auth.send("POST", ApiPaths.CERTS_DB_CLIENT, request, DbClientCertResponse.class);
    }

    /**
     * The identity token an app this agent serves receives for the user of {@code request}'s
     * certificate; auth verifies the certificate and the user's roles itself.
     */
    public AppJwtResponse appJwt(AppJwtRequest request) {
        return auth.send("POST", ApiPaths.APPS_JWT, request, AppJwtResponse.class);
    }

    public List<AccessRequestDto.StateView> accessRequestStates(List<String> ids) {
        return auth.send("POST", ApiPaths.ACCESS_REQUEST_STATES, new AccessRequestDto.StatesQuery(ids),
                AccessRequestDto.States.class).requests();
    }
}
