package io.gatehouse.auth.accessrequest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.auth.config.GatehouseConfig;
import io.gatehouse.shared.api.AccessRequestDto;
import io.gatehouse.shared.api.ApiJson;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

/**
 * Access request notifications for a generic webhook: a JSON POST per change, written to the
 * outbox table in the transaction of the change and delivered from there, so a notification is
 * neither lost when the receiver is down or auth restarts, nor sent for a change that rolled back.
 * Failed deliveries are retried with exponential backoff (2 s doubling to 10 min) for a day.
 * Several auth instances may share the table: a row is leased (row lock, then its next attempt
 * moved ahead) before it is sent, so it is normally sent once; receivers should still treat a
 * repeated {@code id} + {@code event} as the same notification (at-least-once).
 */
@ApplicationScoped
public class WebhookOutbox {
    static final Duration LEASE = Duration.ofMinutes(1);
    static final Duration GIVE_UP_AFTER = Duration.ofDays(1);
    static final Duration MAX_BACKOFF = Duration.ofMinutes(10);
    private static final Logger LOG = Logger.getLogger(WebhookOutbox.class);
    private static final ObjectMapper JSON = ApiJson.newMapper();

    private final Mutiny.SessionFactory sessions;
    private final Optional<URI> url;
    private final Duration timeout;
    private final Clock clock;
    private final HttpClient http;
    private final ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor();

    public WebhookOutbox(Mutiny.SessionFactory sessions, GatehouseConfig config, Clock clock) {
        this.sessions = sessions;
        this.url = config.auth().accessRequests().webhookUrl();
        this.timeout = config.auth().accessRequests().webhookTimeout();
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** Queues a notification in the caller's transaction (nothing when no webhook is configured). */
    Uni<Void> enqueue(Mutiny.Session s, String event, AccessRequestDto.View request) {
        if (url.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("event", event);
        body.put("request", request);
        WebhookRow row = new WebhookRow();
        try {
            row.payload = JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(new IllegalStateException("cannot serialise a webhook payload", e));
        }
        row.createdAt = OffsetDateTime.now(clock);
        row.nextAttempt = row.createdAt;
        return s.persist(row);
    }

    @Scheduled(every = "2s", delayed = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> deliverDue() {
        if (url.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        // The HTTP call blocks (a virtual thread); the database work must return to this Vert.x context.
        io.vertx.core.Context context = io.vertx.core.Vertx.currentContext();
        return lease().flatMap(rows -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (WebhookRow row : rows) {
                chain = chain.flatMap(x -> Uni.createFrom().item(() -> post(row.payload))
                        .runSubscriptionOn(senders).emitOn(task -> context.runOnContext(v -> task.run()))
                        .flatMap(error -> settle(row.id, error)));
            }
            return chain;
        });
    }

    /** Due rows, their next attempt moved a lease ahead so no other instance sends them meanwhile. */
    private Uni<List<WebhookRow>> lease() {
        OffsetDateTime now = OffsetDateTime.now(clock);
        return sessions.withTransaction(s -> s.createSelectionQuery(
                        "from WebhookRow where nextAttempt <= :now order by id", WebhookRow.class)
                .setParameter("now", now).setMaxResults(20).setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultList().map(rows -> {
                    List<WebhookRow> leased = new ArrayList<>();
                    for (WebhookRow row : rows) {
                        row.nextAttempt = now.plus(LEASE);
                        leased.add(row);
                    }
                    return leased;
                }));
    }

    /** Sent: the row goes. Failed: retried later with backoff, or dropped (logged) after a day. */
    private Uni<Void> settle(long id, Optional<String> error) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        return sessions.withTransaction(s -> s.find(WebhookRow.class, id).flatMap(row -> {
            if (row == null) {
                return Uni.createFrom().voidItem();
            }
            if (error.isEmpty()) {
                return s.remove(row);
            }
            row.attempts++;
            row.lastError = error.get();
            if (row.createdAt.plus(GIVE_UP_AFTER).isBefore(now)) {
                LOG.errorf("access request webhook: dropping notification %d after %d attempts over a day; last "
                        + "error: %s", id, row.attempts, error.get());
                return s.remove(row);
            }
            row.nextAttempt = now.plus(backoff(row.attempts));
            LOG.warnf("access request webhook: delivery %d failed (attempt %d, next in %d s): %s", id, row.attempts,
                    backoff(row.attempts).toSeconds(), error.get());
            return Uni.createFrom().voidItem();
        }));
    }

    static Duration backoff(int attempts) {
        long seconds = 1L << Math.min(Math.max(attempts, 1), 20);
        return seconds > MAX_BACKOFF.toSeconds() ? MAX_BACKOFF : Duration.ofSeconds(seconds);
    }

    /** Empty when the receiver took it (2xx); otherwise what went wrong, without the URL's secrets. */
    private Optional<String> post(String payload) {
        URI target = url.orElseThrow();
        HttpRequest request = HttpRequest.newBuilder(target).timeout(timeout)
                .header("Content-Type", "application/json").header("User-Agent", "gatehouse-auth")
                .POST(HttpRequest.BodyPublishers.ofString(payload)).build();
        try {
            int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            return status / 100 == 2 ? Optional.empty()
                    : Optional.of("HTTP " + status + " from " + target.getHost());
        } catch (IOException e) {
            return Optional.of(e.getClass().getSimpleName() + " reaching " + target.getHost());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        }
    }
}
