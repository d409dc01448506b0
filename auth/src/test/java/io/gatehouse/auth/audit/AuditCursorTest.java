package io.gatehouse.auth.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.shared.api.AuditEventDto;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * Newest-first paging over a log of 25 events (ids 1..25), pages of 10, reading rows the way
 * AuditLog's query would (its condition and order, limit + 1).
 */
class AuditCursorTest {
    private static final List<Long> LOG = LongStream.rangeClosed(1, 25).boxed().toList();

    @Test
    void newestFirstWalksToTheOldestAndBack() {
        AuditCursor.Page first = page(AuditCursor.parse("desc", null));
        assertEquals(LongStream.rangeClosed(16, 25).boxed().toList().reversed(), ids(first));
        assertNull(first.previous(), "nothing is newer than the first page");

        AuditCursor.Page second = page(AuditCursor.parse("desc", first.next()));
        assertEquals(List.of(15L, 14L, 13L, 12L, 11L, 10L, 9L, 8L, 7L, 6L), ids(second));
        AuditCursor.Page third = page(AuditCursor.parse("desc", second.next()));
        assertEquals(List.of(5L, 4L, 3L, 2L, 1L), ids(third));
        assertNull(third.next(), "nothing is older than the last page");

        AuditCursor.Page back = page(AuditCursor.parse("desc", third.previous()));
        assertEquals(ids(second), ids(back));
        AuditCursor.Page backAgain = page(AuditCursor.parse("desc", back.previous()));
        assertEquals(ids(first), ids(backAgain));
        assertNull(backAgain.previous());
    }

    @Test
    void theLastPageHoldsTheOldestEventsNewestFirst() {
        AuditCursor.Page last = page(AuditCursor.parse("desc", "oldest"));
        assertEquals(List.of(10L, 9L, 8L, 7L, 6L, 5L, 4L, 3L, 2L, 1L), ids(last));
        assertNull(last.next());
        assertEquals(List.of(20L, 19L, 18L, 17L, 16L, 15L, 14L, 13L, 12L, 11L),
                ids(page(AuditCursor.parse("desc", last.previous()))));
    }

    @Test
    void oldestFirstStaysWhatScriptsRead() {
        AuditCursor.Page first = page(AuditCursor.parse(null, null));
        assertEquals(LongStream.rangeClosed(1, 10).boxed().toList(), ids(first));
        assertEquals("10", first.next());
        assertEquals(LongStream.rangeClosed(11, 20).boxed().toList(), ids(page(AuditCursor.parse("asc", "10"))));
    }

    @Test
    void anEmptyLogHasNoWayOn() {
        AuditCursor.Page empty = AuditCursor.parse("desc", null).page(List.of(), 10);
        assertEquals(List.of(), empty.events());
        assertNull(empty.next());
        assertNull(empty.previous());
    }

    @Test
    void tokensThisApiDidNotHandOutAreRefused() {
        for (String token : List.of("older-", "older-x", "newer--1", "older-1 or 1=1", "oldest ", "12", "-3")) {
            var e = assertThrows(AuditCursor.Invalid.class, () -> AuditCursor.parse("desc", token), token);
            assertTrue(e.getMessage().contains("page_token"), e.getMessage());
        }
        assertThrows(AuditCursor.Invalid.class, () -> AuditCursor.parse("asc", "older-3"));
        assertThrows(AuditCursor.Invalid.class, () -> AuditCursor.parse("sideways", null));
        assertInstanceOf(AuditCursor.After.class, AuditCursor.parse("", ""));
    }

    /** What the query returns for this cursor over LOG, then the page AuditLog makes of it. */
    private static AuditCursor.Page page(AuditCursor cursor) {
        Long bound = cursor.boundId();
        var rows = (cursor.readsAscending() ? LOG.stream() : LOG.reversed().stream())
                .filter(id -> switch (cursor) {
                    case AuditCursor.After a -> id > bound;
                    case AuditCursor.Newer n -> id > bound;
                    case AuditCursor.Older o -> id < bound;
                    default -> true;
                })
                .limit(11).map(AuditCursorTest::event).toList();
        return cursor.page(rows, 10);
    }

    private static AuditEventDto event(long id) {
        return new AuditEventDto(id, "user.login", "T1000I", Instant.EPOCH.plusSeconds(id), "alice", "user/alice",
                "success", Map.of());
    }

    private static List<Long> ids(AuditCursor.Page page) {
        return page.events().stream().map(AuditEventDto::id).toList();
    }
}
