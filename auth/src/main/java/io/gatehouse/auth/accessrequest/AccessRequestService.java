package io.gatehouse.auth.accessrequest;

import io.gatehouse.auth.api.ApiException;
import io.gatehouse.auth.api.Caller;
import io.gatehouse.auth.api.TtlParameter;
import io.gatehouse.auth.audit.AuditEvent;
import io.gatehouse.auth.audit.AuditLog;
import io.gatehouse.auth.roles.RoleLookup;
import io.gatehouse.auth.storage.ResourceStore;
import io.gatehouse.shared.api.AccessRequestDto;
import io.gatehouse.shared.audit.EventType;
import io.gatehouse.shared.resource.Kind;
import io.gatehouse.shared.resource.Resource;
import io.gatehouse.shared.resource.RoleSpec;
import io.gatehouse.shared.resource.UserSpec;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Creating, listing, reviewing, cancelling and expiring access requests (RequestRules decides;
 * this reads and writes). Every change is audited and announced to the webhook in the same
 * transaction. Rights come from the user resource's roles, never from the caller's certificate,
 * so an elevated certificate cannot be used to request or review more.
 */
@ApplicationScoped
public class AccessRequestService {
    private final Mutiny.SessionFactory sessions;
    private final ResourceStore store;
    private final RoleLookup roles;
    private final AuditLog audit;
    private final WebhookOutbox webhook;
    private final Clock clock;
    /** A proxy holds far fewer assumed requests than this at once; more in one call is a broken or hostile caller. */
    static final int MAX_STATES = 1000;

    public AccessRequestService(Mutiny.SessionFactory sessions, ResourceStore store, RoleLookup roles, AuditLog audit,
            WebhookOutbox webhook, Clock clock) {
        this.sessions = sessions;
        this.store = store;
        this.roles = roles;
        this.audit = audit;
        this.webhook = webhook;
        this.clock = clock;
    }

    public Uni<AccessRequestDto.View> create(Caller caller, AccessRequestDto.Create body) {
        String user = userOf(caller);
        List<String> wanted = body.roles() == null ? List.of() : body.roles().stream().map(String::trim)
                .filter(r -> !r.isEmpty()).distinct().toList();
        var duration = TtlParameter.parse(body.duration(), "duration", Optional.empty());
        return inTransaction(s -> rolesOf(s, user).flatMap(mine -> store.all(s, Kind.ROLE).flatMap(all -> {
            var existing = new HashSet<String>();
            all.forEach(r -> existing.add(r.name()));
            Outcome<RequestRules.Terms> terms = RequestRules.create(user, mine, wanted, existing, body.reason(),
                    duration);
            if (terms.value().isEmpty()) {
                return Uni.createFrom().failure(new Refused(ApiException.invalid(terms.refusal()), AuditEvent.failure(
                        EventType.ACCESS_REQUEST_CREATE, user, "access_request", Map.of("roles", wanted, "error",
                                terms.refusal()))));
            }
            Instant now = clock.instant();
            AccessRequest request = new AccessRequest(java.util.UUID.randomUUID().toString(), user, wanted, body.reason(),
                    RequestState.PENDING, now, now.plus(terms.value().get().duration()),
                    terms.value().get().thresholds(), List.of(), null);
            return s.persist(AccessRequestRow.of(request))
                    .flatMap(x -> changed(s, EventType.ACCESS_REQUEST_CREATE, user, request, Map.of()))
                    .map(x -> view(request, false));
        })));
    }

    /** The caller's own requests and those they may review, newest first; {@code state} filters. */
    public Uni<List<AccessRequestDto.View>> list(Caller caller, Optional<RequestState> state) {
        String user = userOf(caller);
        Instant now = clock.instant();
        return sessions.withSession(s -> rolesOf(s, user).flatMap(mine -> s.createSelectionQuery(
                        "from AccessRequestRow order by createdAt desc", AccessRequestRow.class).setMaxResults(500)
                .getResultList().map(rows -> {
                    List<AccessRequestDto.View> out = new ArrayList<>();
                    for (AccessRequestRow row : rows) {
                        AccessRequest r = current(row.value(), now);
                        boolean canReview = RequestRules.reviewProblem(user, mine, r, now).isEmpty();
                        boolean reviewer = !r.user().equals(user) && RequestRules.mayReview(mine, r.roles());
                        if ((r.user().equals(user) || reviewer) && state.map(st -> st == r.state()).orElse(true)) {
                            out.add(view(r, canReview));
                        }
                    }
                    return out;
                })));
    }

    public Uni<AccessRequestDto.View> get(Caller caller, String id) {
        String user = userOf(caller);
        Instant now = clock.instant();
        return sessions.withSession(s -> rolesOf(s, user).flatMap(mine -> find(s, id).map(row -> {
            AccessRequest r = current(row.value(), now);
            if (!r.user().equals(user) && !RequestRules.mayReview(mine, r.roles())) {
                throw notFound(id);
            }
            return view(r, RequestRules.reviewProblem(user, mine, r, now).isEmpty());
        })));
    }

    public Uni<AccessRequestDto.View> review(Caller caller, String id, AccessRequestDto.Decision decision) {
        String reviewer = userOf(caller);
        String reason = decision.reason() == null ? "" : decision.reason();
        if (reason.length() > RequestRules.MAX_REASON_CHARS) {
            throw ApiException.invalid("the review's reason is " + reason.length() + " characters; at most "
                    + RequestRules.MAX_REASON_CHARS);
        }
        return update(id, reviewer, EventType.ACCESS_REQUEST_REVIEW, (request, mine) -> {
            Instant now = clock.instant();
            Optional<String> problem = RequestRules.reviewProblem(reviewer, mine, request, now);
            if (problem.isPresent()) {
                return Outcome.refused(problem.get());
            }
            List<Review> reviews = new ArrayList<>(request.reviews());
            reviews.add(new Review(reviewer, decision.approve(), reason, now));
            RequestState next = RequestRules.decide(reviews, request.thresholds());
            String resolution = next == RequestState.PENDING ? null : reason;
            return Outcome.ok(new AccessRequest(request.id(), request.user(), request.roles(), request.reason(), next,
                    request.created(), request.expires(), request.thresholds(), reviews, resolution));
        }, Map.of("decision", decision.approve() ? "approve" : "deny", "review_reason", reason));
    }

    public Uni<AccessRequestDto.View> cancel(Caller caller, String id) {
        String user = userOf(caller);
        return update(id, user, EventType.ACCESS_REQUEST_CANCEL, (request, mine) -> {
            if (!request.user().equals(user)) {
                return Outcome.refused("only " + request.user() + " can cancel access request " + id);
            }
            if (request.state() != RequestState.PENDING && request.state() != RequestState.APPROVED) {
                return Outcome.refused("access request " + id + " is already " + request.state().id());
            }
            return Outcome.ok(withState(request, RequestState.CANCELLED, "cancelled by its author"));
        }, Map.of());
    }

    /**
     * The approved request {@code id} of {@code user}, checked for assuming (RequestRules.assumeProblem);
     * the refusal is audited. Certificate issuance is the caller's (AccessRequestsApi, web sessions).
     */
    public Uni<AccessRequest> forAssuming(Mutiny.Session s, String user, String id) {
        Instant now = clock.instant();
        return find(s, id).flatMap(row -> {
            AccessRequest r = current(row.value(), now);
            Optional<String> problem = RequestRules.assumeProblem(user, r, now);
            if (problem.isPresent()) {
                return Uni.createFrom().failure(new Refused(ApiException.accessDenied(problem.get()), AuditEvent.failure(
                        EventType.ACCESS_REQUEST_ASSUME, user, "access_request/" + id, Map.of("state", r.state().id(),
                                "error", problem.get()))));
            }
            return Uni.createFrom().item(r);
        });
    }

    /**
     * Where each of these requests stands now, for the proxy (its open browser sessions rely on them):
     * one query for all, so a proxy asks once per check however many sessions it holds.
     */
    public Uni<List<AccessRequestDto.StateView>> states(List<String> ids) {
        List<String> wanted = ids == null ? List.of() : ids.stream().filter(java.util.Objects::nonNull).distinct()
                .toList();
        if (wanted.size() > MAX_STATES) {
            throw ApiException.invalid("ask for at most " + MAX_STATES + " access requests at a time, not "
                    + wanted.size());
        }
        if (wanted.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        Instant now = clock.instant();
        return sessions.withSession(s -> s.createSelectionQuery("from AccessRequestRow where id in :ids",
                AccessRequestRow.class).setParameter("ids", wanted).getResultList().map(rows -> {
                    Map<String, AccessRequest> found = new java.util.HashMap<>();
                    rows.forEach(row -> found.put(row.id, current(row.value(), now)));
                    return wanted.stream().map(id -> {
                        AccessRequest r = found.get(id);
                        return r == null ? new AccessRequestDto.StateView(id, "unknown", null)
                                : new AccessRequestDto.StateView(id, r.state().id(), r.expires());
                    }).toList();
                }));
    }

    /** Requests whose time is up become EXPIRED, each with an event (run every few seconds). */
    public Uni<Integer> expireDue() {
        OffsetDateTime now = OffsetDateTime.now(clock);
        return sessions.withTransaction(s -> s.createSelectionQuery(
                        "from AccessRequestRow where state in ('PENDING', 'APPROVED') and expiresAt <= :now",
                        AccessRequestRow.class).setParameter("now", now).setMaxResults(200).getResultList()
                .flatMap(rows -> {
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (AccessRequestRow row : rows) {
                        AccessRequest expired = withState(row.value(), RequestState.EXPIRED, null);
                        row.update(expired);
                        chain = chain.flatMap(x -> changed(s, EventType.ACCESS_REQUEST_EXPIRE, "gatehouse", expired,
                                Map.of()));
                    }
                    return chain.replaceWith(rows.size());
                }));
    }

    private Uni<AccessRequestDto.View> update(String id, String user, EventType type,
            BiFunction<AccessRequest, List<Resource<RoleSpec>>, Outcome<AccessRequest>> change,
            Map<String, Object> fields) {
        return inTransaction(s -> rolesOf(s, user).flatMap(mine -> find(s, id).flatMap(row -> {
            // No visibility check here: the rules refuse (audited) whoever may not make this change.
            AccessRequest before = current(row.value(), clock.instant());
            Outcome<AccessRequest> after = change.apply(before, mine);
            if (after.value().isEmpty()) {
                Map<String, Object> f = new LinkedHashMap<>(fields);
                f.put("error", after.refusal());
                return Uni.createFrom().failure(new Refused(ApiException.accessDenied(after.refusal()),
                        AuditEvent.failure(type, user, "access_request/" + id, f)));
            }
            row.update(after.value().get());
            return changed(s, type, user, after.value().get(), fields).map(x -> view(after.value().get(), false));
        })));
    }

    /**
     * A transaction whose refusals (Refused) are audited after it has rolled back, then reported to
     * the caller as their ApiException.
     */
    public <T> Uni<T> inTransaction(java.util.function.Function<Mutiny.Session, Uni<T>> work) {
        return sessions.withTransaction(work).onFailure(Refused.class).recoverWithUni(e -> {
            Refused r = (Refused) e;
            return audit.emit(r.event).onFailure().recoverWithNull().onItem().<T>transformToUni(
                    x -> Uni.createFrom().failure(r.error));
        });
    }

    /** Audit event and webhook notification of a change, in the caller's transaction. */
    private Uni<Void> changed(Mutiny.Session s, EventType type, String actor, AccessRequest r,
            Map<String, Object> extra) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("id", r.id());
        fields.put("requester", r.user());
        fields.put("roles", r.roles());
        fields.put("reason", r.reason());
        fields.put("state", r.state().id());
        fields.put("expires", r.expires().toString());
        fields.putAll(extra);
        return audit.record(s, AuditEvent.success(type, actor, "access_request/" + r.id(), fields))
                .flatMap(x -> webhook.enqueue(s, type.id(), view(r, false)));
    }

    private Uni<AccessRequestRow> find(Mutiny.Session s, String id) {
        return s.find(AccessRequestRow.class, id == null ? "" : id).map(row -> {
            if (row == null) {
                throw notFound(id);
            }
            return row;
        });
    }

    private Uni<List<Resource<RoleSpec>>> rolesOf(Mutiny.Session s, String user) {
        return store.get(s, Kind.USER, user).flatMap(found -> {
            if (found.isEmpty()) {
                return Uni.createFrom().failure(ApiException.accessDenied("user '" + user + "' does not exist "
                        + "(an SSO user is created at login); log in again"));
            }
            return roles.roles(s, found.get().as(UserSpec.class).spec().roles());
        });
    }

    /** A request past its time reads as EXPIRED even before the sweep has marked it. */
    private static AccessRequest current(AccessRequest r, Instant now) {
        boolean open = r.state() == RequestState.PENDING || r.state() == RequestState.APPROVED;
        return open && !r.expires().isAfter(now) ? withState(r, RequestState.EXPIRED, null) : r;
    }

    private static AccessRequest withState(AccessRequest r, RequestState state, String why) {
        return new AccessRequest(r.id(), r.user(), r.roles(), r.reason(), state, r.created(), r.expires(),
                r.thresholds(), r.reviews(), why == null ? r.resolveReason() : why);
    }

    static AccessRequestDto.View view(AccessRequest r, boolean canReview) {
        int needed = r.thresholds().stream().mapToInt(t -> Math.max(1, t.approve())).max().orElse(1);
        return new AccessRequestDto.View(r.id(), r.user(), r.roles(), r.reason(), r.state().id(), r.created(),
                r.expires(), r.reviews().stream().map(v -> new AccessRequestDto.ReviewView(v.author(), v.approve(),
                v.reason(), v.at())).toList(), needed, r.resolveReason(), canReview);
    }

    private static ApiException notFound(String id) {
        return ApiException.notFound("no access request '" + id + "' that you can see; gate request ls lists "
                + "yours and those you may review");
    }

    private static String userOf(Caller caller) {
        if (caller instanceof Caller.User u) {
            return u.identity().username();
        }
        throw ApiException.accessDenied("access requests are made and reviewed by users, not by hosts");
    }
}
