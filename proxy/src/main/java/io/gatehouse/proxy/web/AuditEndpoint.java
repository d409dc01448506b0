package io.gatehouse.proxy.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.proxy.authclient.AuthConnection;
import io.gatehouse.shared.api.ApiPaths;
import io.smallrye.common.annotation.RunOnVirtualThread;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** The audit log page: auth decides what the user may read (the `event` `list` rule). */
@Path("/v1/webapi/audit/events")
@Produces(MediaType.APPLICATION_JSON)
public class AuditEndpoint {
    private final WebCaller caller;
    private final AuthConnection connection;

    public AuditEndpoint(WebCaller caller, AuthConnection connection) {
        this.caller = caller;
        this.connection = connection;
    }

    @GET
    @RunOnVirtualThread
    public Response list(@Context HttpServerRequest request, @QueryParam("from") String from,
            @QueryParam("to") String to, @QueryParam("type") String type, @QueryParam("user") String user,
            @QueryParam("limit") String limit, @QueryParam("page_token") String pageToken,
            @QueryParam("order") String order) {
        WebCaller.Acting acting = caller.of(request);
        Map<String, String> query = new LinkedHashMap<>();
        query.put("from", from);
        query.put("to", to);
        query.put("type", type);
        query.put("user", user);
        query.put("limit", limit);
        query.put("page_token", pageToken);
        query.put("order", order);
        String qs = query.entrySet().stream().filter(e -> e.getValue() != null && !e.getValue().isBlank())
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return AuthForward.call(() -> connection.auth().get(ApiPaths.AUDIT_EVENTS + (qs.isEmpty() ? "" : "?" + qs),
                JsonNode.class, RecordingsEndpoint.FORWARDED_CERT, acting.forwardedCert()));
    }
}
