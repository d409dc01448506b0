package io.gatehouse.auth.audit;

import io.gatehouse.shared.api.AuditEventDto;
import java.util.List;

/**
 * Where a page of the audit log starts: keyset paging on the event id, so a page stays right while
 * events are written (no offsets that shift).
 *
 * <p>Two orders. {@code asc} (the default, what gatectl and scripts read: oldest first, the page
 * token is the last id seen). {@code desc}, what a person reads: newest first, with tokens to the
 * next (older) page, the previous (newer) one and the last (oldest) one. A newer or the oldest
 * page is read in ascending order and turned round, so each costs one indexed query.
 */
public sealed interface AuditCursor {
    /** A token or order this API did not hand out; the message is for the caller. */
    final class Invalid extends IllegalArgumentException {
        Invalid(String message) {
            super(message);
        }
    }

    /** Oldest first, after the given id (0 for the start). */
    record After(long id) implements AuditCursor {
    }

    /** Newest first, from the newest event. */
    record Newest() implements AuditCursor {
    }

    /** Newest first, the events older than this id. */
    record Older(long id) implements AuditCursor {
    }

    /** Newest first, the page of events just newer than this id. */
    record Newer(long id) implements AuditCursor {
    }

    /** Newest first, the page of the oldest events. */
    record Oldest() implements AuditCursor {
    }

    String OLDER = "older-";
    String NEWER = "newer-";
    String OLDEST = "oldest";

    /** @throws Invalid for an order or token this API did not hand out */
    static AuditCursor parse(String order, String token) {
        boolean none = token == null || token.isBlank();
        if (order == null || order.isBlank() || order.equals("asc")) {
            return new After(none ? 0 : id(token, token));
        }
        if (!order.equals("desc")) {
            throw new Invalid("'order' must be asc (oldest first) or desc (newest first), got '" + order + "'");
        }
        if (none) {
            return new Newest();
        }
        if (token.equals(OLDEST)) {
            return new Oldest();
        }
        if (token.startsWith(OLDER)) {
            return new Older(id(token, token.substring(OLDER.length())));
        }
        if (token.startsWith(NEWER)) {
            return new Newer(id(token, token.substring(NEWER.length())));
        }
        throw badToken();
    }

    private static long id(String token, String digits) {
        try {
            long id = Long.parseLong(digits);
            if (id < 0) {
                throw badToken();
            }
            return id;
        } catch (NumberFormatException e) {
            throw badToken();
        }
    }

    private static Invalid badToken() {
        return new Invalid("page_token is not one this API handed out; start again without it");
    }

    /** The HQL condition on {@code id} (bound as {@code :id} where there is one). */
    default String condition() {
        return switch (this) {
            case After a -> " and id > :id";
            case Older o -> " and id < :id";
            case Newer n -> " and id > :id";
            case Newest n -> "";
            case Oldest o -> "";
        };
    }

    default Long boundId() {
        return switch (this) {
            case After a -> a.id();
            case Older o -> o.id();
            case Newer n -> n.id();
            case Newest n -> null;
            case Oldest o -> null;
        };
    }

    /** Whether the query reads in ascending id order (a newer or the oldest page is turned round after). */
    default boolean readsAscending() {
        return this instanceof After || this instanceof Newer || this instanceof Oldest;
    }

    /**
     * The page from the rows read (in {@link #readsAscending} order, up to {@code limit + 1}: one
     * more tells that the query's direction goes on).
     */
    default Page page(List<AuditEventDto> read, int limit) {
        boolean more = read.size() > limit;
        List<AuditEventDto> rows = read.subList(0, Math.min(limit, read.size()));
        return switch (this) {
            case After a -> new Page(rows, more ? Long.toString(rows.get(rows.size() - 1).id()) : null, null);
            case Newest n -> newestFirst(rows, more, false);
            case Older o -> newestFirst(rows, more, true);
            case Newer n -> newestFirst(rows.reversed(), true, more);
            case Oldest o -> newestFirst(rows.reversed(), false, more);
        };
    }

    private static Page newestFirst(List<AuditEventDto> rows, boolean older, boolean newer) {
        if (rows.isEmpty()) {
            return new Page(rows, null, null);
        }
        return new Page(rows, older ? OLDER + rows.get(rows.size() - 1).id() : null,
                newer ? NEWER + rows.get(0).id() : null);
    }

    record Page(List<AuditEventDto> events, String next, String previous) {
    }
}
