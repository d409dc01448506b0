package io.gatehouse.agent.db.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StatementScannerTest {

    private static List<String> uses(String sql) {
        return StatementScanner.scan(sql, false).useTargets();
    }

    @Test
    void useStatementsAreFoundWhateverTheirCaseSpacingAndComments() {
        assertEquals(List.of("other"), uses("USE other"));
        assertEquals(List.of("other"), uses("  use\tother ;"));
        assertEquals(List.of("other"), uses("/* why */ UsE other"));
        assertEquals(List.of("other"), uses("-- first\n# second\nuse other"));
        assertEquals(List.of("my db"), uses("use `my db`"));
        assertEquals(List.of("a`b"), uses("use `a``b`"));
        assertEquals(List.of("ünï"), uses("use `ünï`"));
        assertEquals(List.of("other"), uses("use\"other\""));
    }

    @Test
    void everyStatementOfAMultiStatementQueryIsLookedAt() {
        assertEquals(List.of("a", "b"), uses("SELECT 1; USE a; SELECT 2;USE b"));
        assertEquals(List.of("x"), uses("SELECT ';USE no'; SELECT \"; USE no\"; SELECT `;use no`; USE x"));
        assertEquals(List.of("x"), uses("SELECT 'it''s; USE no', 'a\\'; USE no'; USE x"));
    }

    @Test
    void executableCommentsAreCodeAndOrdinaryCommentsAreNot() {
        assertEquals(List.of("x"), uses("/*!USE x*/"));
        assertEquals(List.of("x"), uses("/*!50001 USE x */"));
        assertEquals(List.of("x"), uses("/*M!100000 USE x */"));
        assertEquals(List.of(), uses("/* USE x */ SELECT 1"));
        assertEquals(List.of(), uses("/*Mostly USE x */ SELECT 1"));
        assertEquals(List.of(), uses("SELECT 1 -- ; USE x"));
        assertEquals(List.of(), uses("SELECT 1 # ; USE x"));
    }

    @Test
    void wordsThatOnlyStartLikeUseAreNotUse() {
        assertEquals(List.of(), uses("USER()"));
        assertEquals(List.of(), uses("SELECT 1 --1; "));
        assertEquals(List.of(), uses("SELECT use_count FROM t; SELECT 'USE x'"));
        assertEquals(List.of("x"), uses("SELECT 2--1; USE x"), "--1 is minus minus one, not a comment");
    }

    @Test
    void withNoBackslashEscapesABackslashEndsNothing() {
        // Under NO_BACKSLASH_ESCAPES 'a\' is a whole string, so what follows is a statement.
        assertEquals(List.of("x"), StatementScanner.scan("SELECT 'a\\'; USE x", true).useTargets());
        assertEquals(List.of(), StatementScanner.scan("SELECT 'a\\'; USE x", false).useTargets());
    }

    @Test
    void everyReadingTheServerMightMakeIsChecked() {
        // Under GBK 0xbf 0x5c is one character: the quote after it ends the string, and the USE runs.
        byte[] gbk = bytes("SET NAMES gbk; SELECT '", 0xbf, "\\'; USE secret; -- '");
        assertEquals(List.of(), new StatementScanner(false).useTargetsOf(gbk), "the UTF-8 reading sees a string");
        assertEquals(List.of("secret"), StatementScanner.Union.scan(gbk, 0, gbk.length).useTargets());
        byte[] sjisBackquote = bytes("SELECT `", 0x95, "`; USE secret; -- `");
        assertEquals(List.of("secret"), StatementScanner.Union.scan(sjisBackquote, 0, sjisBackquote.length)
                .useTargets());
        byte[] modes = bytes("SET sql_mode = 'NO_BACKSLASH_ESCAPES'; SELECT 'a\\'; USE secret; -- '");
        assertEquals(List.of("secret"), StatementScanner.Union.scan(modes, 0, modes.length).useTargets());
        byte[] utf8 = "SELECT 'café\\'s'; USE orders".getBytes(StandardCharsets.UTF_8);
        assertEquals(List.of("orders"), StatementScanner.Union.scan(utf8, 0, utf8.length).useTargets());
    }

    private static byte[] bytes(Object... parts) {
        var out = new java.io.ByteArrayOutputStream();
        for (Object p : parts) {
            if (p instanceof Integer i) {
                out.write(i);
            } else {
                out.writeBytes(((String) p).getBytes(StandardCharsets.ISO_8859_1));
            }
        }
        return out.toByteArray();
    }

    @Test
    void placeholdersAreCountedOutsideQuotesAndComments() {
        assertEquals(3, StatementScanner.scan("SELECT ?, '?', `?`, \"?\" /* ? */, ? -- ?\n + ?", false).placeholders());
    }

    @Test
    void feedingInPiecesFindsWhatFeedingWholeFinds() {
        Random random = new Random(20261207);
        String[] parts = {"USE ", "`x`", "'", "\"", "`", "\\", ";", "/*", "*/", "/*!", "--", "-- ", "#", "\n", "a",
            "?", " ", "use", "*", "/", "M!", "ü"};
        for (int round = 0; round < 5_000; round++) {
            StringBuilder sql = new StringBuilder();
            int n = random.nextInt(30);
            for (int i = 0; i < n; i++) {
                sql.append(parts[random.nextInt(parts.length)]);
            }
            byte[] b = sql.toString().getBytes(StandardCharsets.UTF_8);
            StatementScanner whole = StatementScanner.scan(sql.toString(), random.nextBoolean());
            StatementScanner pieces = new StatementScanner(false);
            StatementScanner reference = new StatementScanner(false);
            reference.feed(b, 0, b.length);
            reference.finish();
            int at = 0;
            while (at < b.length) {
                int len = Math.min(b.length - at, 1 + random.nextInt(5));
                pieces.feed(b, at, len);
                at += len;
            }
            pieces.finish();
            assertEquals(reference.useTargets(), pieces.useTargets(), sql.toString());
            assertEquals(reference.placeholders(), pieces.placeholders(), sql.toString());
            whole.useTargets(); // never throws, whatever the bytes
        }
    }
}
