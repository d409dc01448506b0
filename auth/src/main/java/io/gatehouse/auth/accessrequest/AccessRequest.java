package io.gatehouse.auth.accessrequest;

import io.gatehouse.shared.resource.Threshold;
import java.time.Instant;
import java.util.List;

/**
 * A user's request for extra roles. {@code expires} ends both the request and any access it grants:
 * an assumed certificate never outlives it. Thresholds are fixed when it is created, so editing a
 * role later does not change how a pending request is decided.
 */
public record AccessRequest(String id, String user, List<String> roles, String reason, RequestState state,
        Instant created, Instant expires, List<Threshold> thresholds, List<Review> reviews, String resolveReason) {
    public AccessRequest {
        roles = List.copyOf(roles);
        thresholds = List.copyOf(thresholds);
        reviews = List.copyOf(reviews);
    }
}
