package io.gatehouse.auth.audit.search;

import io.gatehouse.auth.api.Authorizer;
import io.gatehouse.auth.api.CurrentCaller;
import io.gatehouse.auth.audit.AuditLog;
import io.gatehouse.shared.api.ApiPaths;
import io.gatehouse.shared.api.WebSessionDto;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** Sessions running now: everyone's for those who may read the audit log, otherwise one's own. */
@Path(ApiPaths.ACTIVE_SESSIONS)
@Produces(MediaType.APPLICATION_JSON)
public class ActiveSessionsApi {
    /** Older starts without an end are sessions whose node died, not sessions still running. */
    private static final Duration WINDOW = Duration.ofHours(24);

    private final CurrentCaller caller;
    private final Authorizer authorizer;
    private final AuditLog audit;
    private final Clock clock;

    public ActiveSessionsApi(CurrentCaller caller, Authorizer authorizer, AuditLog audit, Clock clock) {
        this.caller = caller;
        this.authorizer = authorizer;
        this.audit = audit;
        this.clock = clock;
    }

    @GET
    public Uni<List<WebSessionDto.Active>> list() {
        var who = caller.get();
        return authorizer.allows(who, "event", "list").flatMap(all -> audit.activeSessions(
                clock.instant().minus(WINDOW), all ? null : who.name()));
    }
}
