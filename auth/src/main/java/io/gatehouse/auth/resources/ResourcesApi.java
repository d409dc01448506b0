package io.gatehouse.auth.resources;

import io.gatehouse.auth.api.ApiException;
import io.gatehouse.auth.api.CurrentCaller;
import io.gatehouse.shared.api.ApiPaths;
import io.gatehouse.shared.api.ResourcePage;
import io.gatehouse.shared.resource.Kind;
import io.gatehouse.shared.resource.Resources;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Arrays;
import java.util.Map;

/** REST face of resources: YAML (or JSON) documents in, resource trees out. */
@Path(ApiPaths.RESOURCES)
@Produces(MediaType.APPLICATION_JSON)
public class ResourcesApi {
    private final CurrentCaller caller;
    private final ResourceService service;
    private final ResourceReader reader;

    public ResourcesApi(CurrentCaller caller, ResourceService service, ResourceReader reader) {
        this.caller = caller;
        this.service = service;
        this.reader = reader;
    }

    @POST
    @Consumes({"application/yaml", "text/yaml", MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN})
    public Uni<Response> create(String body) {
        return service.write(caller.get(), body, ResourceService.Mode.CREATE)
                .map(list -> Response.status(201).entity(new ResourcePage(list.stream().map(Resources::toTree)
                        .toList(), null)).build());
    }

    @PUT
    @Consumes({"application/yaml", "text/yaml", MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN})
    public Uni<ResourcePage> update(String body, @QueryParam("upsert") boolean upsert) {
        return service.write(caller.get(), body, upsert ? ResourceService.Mode.UPSERT : ResourceService.Mode.UPDATE)
                .map(list -> new ResourcePage(list.stream().map(Resources::toTree).toList(), null));
    }

    @GET
    @Path("{kind}")
    public Uni<ResourcePage> list(@PathParam("kind") String kind, @QueryParam("limit") Integer limit,
            @QueryParam("page_token") String pageToken) {
        return reader.list(caller.get(), kind(kind), limit, pageToken);
    }

    @GET
    @Path("{kind}/{name}")
    public Uni<Map<String, Object>> get(@PathParam("kind") String kind, @PathParam("name") String name) {
        return reader.get(caller.get(), kind(kind), name).map(Resources::toTree);
    }

    @DELETE
    @Path("{kind}/{name}")
    public Uni<Response> delete(@PathParam("kind") String kind, @PathParam("name") String name) {
        return service.delete(caller.get(), kind(kind), name).replaceWith(Response.noContent().build());
    }

    static Kind kind(String id) {
        return Kind.fromId(id).orElseThrow(() -> ApiException.invalid("unknown resource kind '" + id
                + "'; known kinds: " + Arrays.stream(Kind.values()).map(Kind::id).toList()));
    }
}
