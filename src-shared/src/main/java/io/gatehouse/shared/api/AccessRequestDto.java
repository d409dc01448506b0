package io.gatehouse.shared.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.List;

/** Access requests on the auth API and the proxy's web API (same shapes on both). */
public final class AccessRequestDto {
    private AccessRequestDto() {
    }

    /** A new request: roles wanted, why, and for how long (e.g. "30m"; default 1h). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Create(List<String> roles, String reason, String duration) {
    }

    /** A reviewer's decision. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Decision(boolean approve, String reason) {
    }

    /** Certificates for this public key with the request's roles added (gate login --request-id). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Assume(String publicKey) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ReviewView(String author, boolean approve, String reason, Instant at) {
    }

    /**
     * A request as its author and its reviewers see it. {@code canReview}: whether the caller may
     * review it now; {@code approvalsNeeded}: approvals that decide it.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record View(String id, String user, List<String> roles, String reason, String state, Instant created,
            Instant expires, List<ReviewView> reviews, int approvalsNeeded, String resolveReason, boolean canReview) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ListView(List<View> requests) {
    }

    /** The proxy asks for the state of the requests its open browser sessions rely on, all in one call. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record StatesQuery(List<String> ids) {
    }

    /**
     * Where one request stands now (a request past its time reads "expired" even before the sweep);
     * {@code state} "unknown" for an id auth does not have.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record StateView(String id, String state, Instant expires) {
        /** Whether access granted by it still holds: approved and not past its time. */
        public boolean inForce(Instant now) {
            return "approved".equals(state) && expires != null && expires.isAfter(now);
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record States(List<StateView> requests) {
    }
}
