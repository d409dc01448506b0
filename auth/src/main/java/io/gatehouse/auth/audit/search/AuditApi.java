package io.gatehouse.auth.audit.search;

import io.gatehouse.auth.api.ApiException;
import io.gatehouse.auth.api.Authorizer;
import io.gatehouse.auth.api.CurrentCaller;
import io.gatehouse.auth.audit.AuditCursor;
import io.gatehouse.auth.audit.AuditLog;
import io.gatehouse.shared.api.ApiPaths;
import io.gatehouse.shared.api.AuditPage;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Audit log queries by time range, type and user, paginated by event id (oldest or newest first: AuditCursor). */
@Path(ApiPaths.AUDIT_EVENTS)
@Produces(MediaType.APPLICATION_JSON)
public class AuditApi {
    private final CurrentCaller caller;
    private final Authorizer authorizer;
    private final AuditLog audit;
    private final Clock clock;

    public AuditApi(CurrentCaller caller, Authorizer authorizer, AuditLog audit, Clock clock) {
        this.caller = caller;
        this.authorizer = authorizer;
        this.audit = audit;
        this.clock = clock;
    }

    @GET
    public Uni<AuditPage> list(@QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("type") String type, @QueryParam("user") String user, @QueryParam("limit") Integer limit,
            @QueryParam("page_token") String pageToken, @QueryParam("order") String order) {
        Instant end = instant("to", to, clock.instant().plusSeconds(1));
        Instant start = instant("from", from, end.minus(Duration.ofDays(7)));
        if (!start.isBefore(end)) {
            throw ApiException.invalid("'from' (" + start + ") must be before 'to' (" + end + ")");
        }
        AuditCursor cursor;
        try {
            cursor = AuditCursor.parse(order, pageToken);
        } catch (AuditCursor.Invalid e) {
            throw ApiException.invalid(e.getMessage());
        }
        return authorizer.require(caller.get(), "event", "list").flatMap(x -> audit.query(new AuditLog.Query(start,
                end, type, user, limit == null ? 100 : limit, cursor)));
    }

    private static Instant instant(String name, String value, Instant fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ApiException.invalid("'" + name + "' must be an ISO-8601 instant like 2026-11-24T10:00:00Z, got '"
                    + value + "'");
        }
    }
}
