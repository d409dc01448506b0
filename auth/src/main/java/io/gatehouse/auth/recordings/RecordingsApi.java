package io.gatehouse.auth.recordings;

import io.gatehouse.auth.api.CurrentCaller;
import io.gatehouse.shared.api.RecordingDto;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** Uploads from nodes; listing and playback for users (directly or through the proxy). */
@Path("/v1/recordings")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class RecordingsApi {
    private final CurrentCaller caller;
    private final Recordings recordings;

    public RecordingsApi(CurrentCaller caller, Recordings recordings) {
        this.caller = caller;
        this.recordings = recordings;
    }

    @POST
    @Path("{session}/chunks")
    public Uni<Response> chunk(@PathParam("session") String session, RecordingDto.Chunk chunk) {
        return recordings.addChunk(caller.get(), session, chunk).replaceWith(Response.noContent().build());
    }

    @POST
    @Path("{session}/complete")
    public Uni<RecordingDto.Summary> complete(@PathParam("session") String session, RecordingDto.Complete done) {
        return recordings.complete(caller.get(), session, done);
    }

    @GET
    public Uni<List<RecordingDto.Summary>> list(@QueryParam("limit") @DefaultValue("100") int limit) {
        return recordings.list(caller.get(), limit);
    }

    @GET
    @Path("{session}")
    public Uni<RecordingDto.Summary> get(@PathParam("session") String session) {
        return recordings.get(caller.get(), session);
    }

    /**
     * The recording file as stored, streamed: Quarkus REST writes a Multi of octet-stream buffers as
     * a chunked response and asks for the next chunk only when the previous one was written, so a
     * slow reader holds up the database reads instead of filling auth's heap. A refusal comes before
     * the first byte, as an ordinary JSON error.
     */
    @GET
    @Path("{session}/content")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    public Multi<Buffer> content(@PathParam("session") String session) {
        return recordings.content(caller.get(), session);
    }
}
