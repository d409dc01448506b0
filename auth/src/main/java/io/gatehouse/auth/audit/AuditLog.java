package io.gatehouse.auth.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.shared.api.ApiJson;
import io.gatehouse.shared.api.AuditEventDto;
import io.gatehouse.shared.api.AuditPage;
import io.gatehouse.shared.api.WebSessionDto;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

/**
 * The append-only audit log. Admin actions write their event in the same transaction as the
 * change ({@link #record}), so there is never a change without its event; refusals, which change
 * nothing, use {@link #emit}.
 */
@ApplicationScoped
public class AuditLog {
    private static final Logger LOG = Logger.getLogger(AuditLog.class);
    private static final int MAX_PAGE = 1000;

    private final Mutiny.SessionFactory sessions;
    private final ObjectMapper json = ApiJson.newMapper();
    private final Clock clock;

    public AuditLog(Mutiny.SessionFactory sessions, Clock clock) {
        this.sessions = sessions;
        this.clock = clock;
    }

    public Uni<Void> record(Mutiny.Session session, AuditEvent event) {
        return session.persist(toRow(event));
    }

    public Uni<Void> emit(AuditEvent event) {
        return sessions.withTransaction(s -> record(s, event))
                .onFailure().invoke(e -> LOG.errorf("audit event %s for %s could not be written: %s",
                        event.type().id(), event.user(), e.getMessage()));
    }

    public record Query(Instant from, Instant to, String type, String user, int limit, AuditCursor cursor) {
    }

    public Uni<AuditPage> query(Query q) {
        int limit = Math.max(1, Math.min(q.limit(), MAX_PAGE));
        AuditCursor cursor = q.cursor();
        StringBuilder hql = new StringBuilder("from AuditEventRow where time >= :from and time < :to");
        hql.append(cursor.condition());
        if (q.type() != null && !q.type().isBlank()) {
            hql.append(" and type = :type");
        }
        if (q.user() != null && !q.user().isBlank()) {
            hql.append(" and username = :user");
        }
        hql.append(cursor.readsAscending() ? " order by id" : " order by id desc");
        return sessions.withSession(s -> {
            var query = s.createSelectionQuery(hql.toString(), AuditEventRow.class)
                    .setParameter("from", q.from().atOffset(ZoneOffset.UTC))
                    .setParameter("to", q.to().atOffset(ZoneOffset.UTC))
                    .setMaxResults(limit + 1);
            if (cursor.boundId() != null) {
                query.setParameter("id", cursor.boundId());
            }
            if (q.type() != null && !q.type().isBlank()) {
                query.setParameter("type", q.type());
            }
            if (q.user() != null && !q.user().isBlank()) {
                query.setParameter("user", q.user());
            }
            return query.getResultList();
        }).map(rows -> {
            AuditCursor.Page page = cursor.page(rows.stream().map(this::toDto).toList(), limit);
            return new AuditPage(page.events(), page.next(), page.previous());
        });
    }

    /**
     * Sessions running now (SSH, desktop, database, app): started since {@code since} with no end yet (a
     * node that died mid-session leaves its sessions here until {@code since} passes them).
     */
    public Uni<List<WebSessionDto.Active>> activeSessions(Instant since, String user) {
        String hql = "from AuditEventRow where time >= :since and type in ('session.start', 'session.end', "
                + "'desktop.start', 'desktop.end', 'db.session.start', 'db.session.end', 'app.session.start', "
                + "'app.session.end')"
                + (user == null ? "" : " and username = :user") + " order by id";
        return sessions.withSession(s -> {
            var query = s.createSelectionQuery(hql, AuditEventRow.class)
                    .setParameter("since", since.atOffset(ZoneOffset.UTC)).setMaxResults(20_000);
            if (user != null) {
                query.setParameter("user", user);
            }
            return query.getResultList();
        }).map(rows -> {
            Map<String, WebSessionDto.Active> running = new java.util.LinkedHashMap<>();
            for (AuditEventRow row : rows) {
                AuditEventDto event = toDto(row);
                String id = String.valueOf(event.fields().getOrDefault("session_id", ""));
                if (id.isEmpty()) {
                    continue;
                }
                // A desktop whose logon failed has a failed start and no end: it never ran.
                if (row.type.endsWith(".end") || !"success".equals(row.outcome)) {
                    running.remove(id);
                } else {
                    running.put(id, active(id, row.type, event));
                }
            }
            List<WebSessionDto.Active> newestFirst = new java.util.ArrayList<>(running.values());
            java.util.Collections.reverse(newestFirst);
            return newestFirst;
        });
    }

    /**
     * A running session as the Active sessions page lists it: its node (or desktop, database, app),
     * login (a database session's database user; none for an app) and kind.
     */
    private static WebSessionDto.Active active(String id, String type, AuditEventDto start) {
        String resource = start.resource().replaceFirst("^(node|desktop|db|app)/", "");
        if (type.startsWith("app.")) {
            return new WebSessionDto.Active(id, start.user(), resource, "", "app", start.time());
        }
        if (type.startsWith("db.")) {
            return new WebSessionDto.Active(id, start.user(), resource,
                    String.valueOf(start.fields().getOrDefault("db_user", "")), "db", start.time());
        }
        return new WebSessionDto.Active(id, start.user(), resource,
                String.valueOf(start.fields().getOrDefault("login", "")),
                type.startsWith("desktop.") ? "desktop" : String.valueOf(start.fields().getOrDefault("kind", "")),
                start.time());
    }

    private AuditEventRow toRow(AuditEvent event) {
        AuditEventRow row = new AuditEventRow();
        row.time = OffsetDateTime.now(clock);
        row.type = event.type().id();
        row.code = event.type().code(event.success());
        row.username = event.user();
        row.resource = event.resource();
        row.outcome = event.success() ? "success" : "failure";
        try {
            row.fields = json.writeValueAsString(event.fields());
        } catch (JsonProcessingException e) {
            row.fields = "{}";
        }
        return row;
    }

    private AuditEventDto toDto(AuditEventRow row) {
        Map<String, Object> fields;
        try {
            fields = json.readValue(row.fields, new TypeReference<>() { });
        } catch (JsonProcessingException e) {
            fields = Map.of();
        }
        return new AuditEventDto(row.id, row.type, row.code, row.time.toInstant(), row.username, row.resource,
                row.outcome, fields);
    }
}
