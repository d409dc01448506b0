package io.gatehouse.auth.api;

import io.gatehouse.shared.api.ApiError;
import io.gatehouse.shared.resource.ResourceException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every failure leaves as {"error": {...}} with a message for a person; internals stay in the log. */
public final class ApiExceptionMappers {
    private static final Logger LOG = Logger.getLogger(ApiExceptionMappers.class);

    @ServerExceptionMapper
    public Response api(ApiException e) {
        Response response = respond(e.status(), e.toError());
        if (e.status() == 429 && e.retryAt().isPresent()) {
            // RFC 9110 10.2.3: whole seconds; at least 1 so a client never retries at once.
            long seconds = Math.max(1, java.time.Duration.between(java.time.Instant.now(), e.retryAt().get())
                    .toSeconds() + 1);
            return Response.fromResponse(response).header("Retry-After", seconds).build();
        }
        return response;
    }

    @ServerExceptionMapper
    public Response invalidResource(ResourceException e) {
        var problems = e.problems().stream()
                .map(p -> new ApiError.ProblemDto(p.field(), p.line(), p.message())).toList();
        return respond(400, new ApiError("invalid", e.getMessage(), problems));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        String code = switch (status) {
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 415 -> "unsupported_media_type";
            case 413 -> "too_large";
            default -> status < 500 ? "invalid" : "internal";
        };
        return respond(status, ApiError.of(code, e.getMessage() == null ? "request refused" : e.getMessage()));
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public Response unexpected(Throwable e) {
        String incident = UUID.randomUUID().toString().substring(0, 8);
        LOG.errorf(e, "internal error (incident %s)", incident);
        return respond(500, ApiError.of("internal", "the auth service failed to handle this request (incident "
                + incident + "); the details are in the auth service's log"));
    }

    private static Response respond(int status, ApiError error) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(new ApiError.Envelope(error)).build();
    }
}
