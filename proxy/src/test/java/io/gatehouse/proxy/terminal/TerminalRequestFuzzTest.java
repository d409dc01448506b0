package io.gatehouse.proxy.terminal;

import io.gatehouse.shared.fuzz.Fuzz;
import io.gatehouse.shared.fuzz.Fuzz.Target;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A terminal WebSocket upgrade's query (node, login, cols, rows) and Origin header: garbage ends in
 * the request's IllegalArgumentException (never a NumberFormatException) or a refused origin.
 */
class TerminalRequestFuzzTest {
    /** The four query values, separated by a NUL as no real value contains one. */
    private static void parseQuery(String joined) {
        String[] p = (joined + "\0\0\0").split("\0", -1);
        TerminalRequest.parse(p[0], p[1], p[2], p[3]);
    }

    @Test
    void upgradeQueriesEndInARequestOrAMessageForAPerson() {
        Fuzz.run(Target.text("terminal request", TerminalRequestFuzzTest::parseQuery, List.of(
                "web-01.prod\0ubuntu\0120\0040", "node\0root$\0\0", "n\0u\0" + "9".repeat(30) + "\0-1"),
                IllegalArgumentException.class), 3023, 2000, 3000, Duration.ofSeconds(30));
    }

    @Test
    void originHeadersAreAnsweredYesOrNoNeverAnException() {
        Fuzz.run(Target.text("Origin header", origin -> io.gatehouse.proxy.browser.BrowserSocketGate.sameOrigin(origin, "proxy.example:3080"),
                List.of("https://proxy.example:3080", "https://[::1]:3080", "http://a@b:99999/x?y#z"),
                new Class[0]), 443, 2000, 3000, Duration.ofSeconds(30));
    }
}
