package io.gatehouse.auth.accessrequest;

import io.gatehouse.shared.rbac.LabelMatcher;
import io.gatehouse.shared.resource.Durations;
import io.gatehouse.shared.resource.Resource;
import io.gatehouse.shared.resource.RoleConditions;
import io.gatehouse.shared.resource.RoleSpec;
import io.gatehouse.shared.resource.Threshold;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * What may be requested, by whom it may be reviewed, and when a request is decided. Pure: the
 * service reads the roles and the stored request and applies these rules (unit-tested alone).
 *
 * <p>Decisions follow Teleport's: a role's {@code request.roles} names what its holders may ask
 * for, {@code review_requests.roles} what they may review; deny lists win. A request is approved
 * once it meets every threshold of the roles that allow it (approvals ≥ the largest {@code approve})
 * and denied as soon as any threshold's {@code deny} count is reached (denials ≥ the smallest).
 */
public final class RequestRules {
    public static final Duration DEFAULT_DURATION = Duration.ofHours(1);
    /** Without a role's max_duration, no request lasts longer than this. */
    public static final Duration LIMIT_DURATION = Duration.ofHours(24);
    public static final Duration MIN_DURATION = Duration.ofSeconds(30);
    public static final int MAX_REASON_CHARS = 1000;
    static final Threshold DEFAULT_THRESHOLD = new Threshold(1, 1);

    private RequestRules() {
    }

    /** What a creation may produce: the thresholds to decide it by and how long it lasts. */
    public record Terms(List<Threshold> thresholds, Duration duration) {
    }

    /**
     * Checks a new request against the requester's own roles (from the user resource, never from
     * an elevated certificate, so access cannot be chained). Returns a message for the user, or
     * the terms of the request.
     */
    public static Outcome<Terms> create(String user, List<Resource<RoleSpec>> userRoles, Collection<String> requested,
            Set<String> existingRoles, String reason, Optional<Duration> duration) {
        if (requested.isEmpty()) {
            return Outcome.refused("name at least one role to request (--roles=NAME,...)");
        }
        Optional<String> reasonProblem = reasonProblem(reason);
        if (reasonProblem.isPresent()) {
            return Outcome.refused(reasonProblem.get());
        }
        List<String> held = userRoles.stream().map(Resource::name).toList();
        List<Threshold> thresholds = new ArrayList<>();
        Optional<Duration> cap = Optional.empty();
        for (String role : requested) {
            if (!existingRoles.contains(role)) {
                return Outcome.refused("role '" + role + "' does not exist; ask an administrator which roles can be "
                        + "requested");
            }
            if (held.contains(role)) {
                return Outcome.refused("user '" + user + "' already has role '" + role + "'; request only roles you "
                        + "do not hold");
            }
            List<Resource<RoleSpec>> granting = grantingRoles(userRoles, role, c -> c.request().roles());
            if (granting.isEmpty()) {
                return Outcome.refused("none of your roles " + held + " allows requesting role '" + role
                        + "' (a role's allow.request.roles lists what may be requested)");
            }
            for (Resource<RoleSpec> r : granting) {
                thresholds.addAll(r.spec().allow().request().thresholds());
                Optional<Duration> max = r.spec().allow().request().maxDuration();
                if (max.isPresent() && (cap.isEmpty() || max.get().compareTo(cap.get()) < 0)) {
                    cap = max;
                }
            }
        }
        Duration limit = cap.orElse(LIMIT_DURATION);
        Duration wanted = duration.orElse(DEFAULT_DURATION.compareTo(limit) > 0 ? limit : DEFAULT_DURATION);
        if (wanted.compareTo(MIN_DURATION) < 0) {
            return Outcome.refused("a request lasts at least " + Durations.format(MIN_DURATION) + "; ask for longer");
        }
        if (wanted.compareTo(limit) > 0) {
            return Outcome.refused("requested duration " + Durations.format(wanted) + " exceeds the maximum "
                    + Durations.format(limit) + (cap.isPresent() ? " (request.max_duration of your roles)" : "")
                    + "; ask for at most " + Durations.format(limit));
        }
        return Outcome.ok(new Terms(thresholds.isEmpty() ? List.of(DEFAULT_THRESHOLD) : List.copyOf(thresholds),
                wanted));
    }

    /** Why {@code reviewer} may not review {@code request} now, if they may not. */
    public static Optional<String> reviewProblem(String reviewer, List<Resource<RoleSpec>> reviewerRoles,
            AccessRequest request, Instant now) {
        if (reviewer.equals(request.user())) {
            return Optional.of("you cannot review your own access request " + request.id()
                    + "; another reviewer must decide it");
        }
        for (String role : request.roles()) {
            if (!mayReview(reviewerRoles, List.of(role))) {
                return Optional.of("your roles " + reviewerRoles.stream().map(Resource::name).toList()
                        + " do not allow reviewing requests for role '" + role + "' (review_requests.roles)");
            }
        }
        Optional<String> closed = notOpen(request, now);
        if (closed.isPresent()) {
            return closed;
        }
        if (request.reviews().stream().anyMatch(r -> r.author().equals(reviewer))) {
            return Optional.of("you have already reviewed access request " + request.id());
        }
        return Optional.empty();
    }

    /** Whether these roles may review requests for every one of {@code requested} (review_requests.roles). */
    public static boolean mayReview(List<Resource<RoleSpec>> reviewerRoles, Collection<String> requested) {
        return requested.stream().allMatch(role -> !grantingRoles(reviewerRoles, role,
                c -> c.reviewRequests().roles()).isEmpty());
    }

    /** Why the request can take no review now (decided, cancelled or expired), if so. */
    public static Optional<String> notOpen(AccessRequest request, Instant now) {
        if (!request.expires().isAfter(now) && request.state() != RequestState.EXPIRED) {
            return Optional.of("access request " + request.id() + " expired at " + request.expires());
        }
        if (request.state() != RequestState.PENDING) {
            return Optional.of("access request " + request.id() + " is already " + request.state().id());
        }
        return Optional.empty();
    }

    /** The state after its reviews: denied at the first threshold's deny count, approved when all are met. */
    public static RequestState decide(List<Review> reviews, List<Threshold> thresholds) {
        List<Threshold> ts = thresholds.isEmpty() ? List.of(DEFAULT_THRESHOLD) : thresholds;
        long approvals = reviews.stream().filter(Review::approve).count();
        long denials = reviews.size() - approvals;
        int denyAt = ts.stream().mapToInt(t -> Math.max(1, t.deny())).min().orElse(1);
        int approveAt = ts.stream().mapToInt(t -> Math.max(1, t.approve())).max().orElse(1);
        if (denials >= denyAt) {
            return RequestState.DENIED;
        }
        return approvals >= approveAt ? RequestState.APPROVED : RequestState.PENDING;
    }

    /** Why {@code user} may not assume the request now, if not. */
    public static Optional<String> assumeProblem(String user, AccessRequest request, Instant now) {
        if (!user.equals(request.user())) {
            return Optional.of("access request " + request.id() + " belongs to " + request.user()
                    + "; only its author can assume it");
        }
        if (!request.expires().isAfter(now)) {
            return Optional.of("access request " + request.id() + " expired at " + request.expires()
                    + "; create a new one");
        }
        return switch (request.state()) {
            case APPROVED -> Optional.empty();
            case PENDING -> Optional.of("access request " + request.id() + " is still pending review");
            default -> Optional.of("access request " + request.id() + " was " + request.state().id()
                    + " and cannot be assumed");
        };
    }

    /**
     * Any text is kept as typed (escape sequences and markup included: the audit log must show what
     * was written); the CLI and the page render it inertly. Only its presence and length are checked.
     */
    public static Optional<String> reasonProblem(String reason) {
        if (reason == null || reason.isBlank()) {
            return Optional.of("give a reason (--reason=...): reviewers decide by it");
        }
        if (reason.length() > MAX_REASON_CHARS) {
            return Optional.of("the reason is " + reason.length() + " characters; at most " + MAX_REASON_CHARS);
        }
        return Optional.empty();
    }

    private static List<Resource<RoleSpec>> grantingRoles(List<Resource<RoleSpec>> roles, String role,
            Function<RoleConditions, List<String>> field) {
        boolean denied = roles.stream().anyMatch(r -> matches(field.apply(r.spec().deny()), role));
        if (denied) {
            return List.of();
        }
        return roles.stream().filter(r -> matches(field.apply(r.spec().allow()), role)).toList();
    }

    private static boolean matches(List<String> patterns, String role) {
        return patterns.stream().anyMatch(p -> LabelMatcher.valueMatches(p, role));
    }
}
