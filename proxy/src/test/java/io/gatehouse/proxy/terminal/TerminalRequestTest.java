package io.gatehouse.proxy.terminal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.proxy.browser.BrowserSocketGate;
import org.junit.jupiter.api.Test;

/** What a terminal WebSocket upgrade must carry before the proxy even looks at the session. */
class TerminalRequestTest {

    @Test
    void onlyPagesOfThisProxyMayOpenTerminals() {
        assertTrue(BrowserSocketGate.sameOrigin("https://proxy.example:3080", "proxy.example:3080"));
        assertTrue(BrowserSocketGate.sameOrigin("https://PROXY.example", "proxy.example:443"));
        assertFalse(BrowserSocketGate.sameOrigin("https://evil.example", "proxy.example:3080"));
        assertFalse(BrowserSocketGate.sameOrigin("http://proxy.example:3080", "proxy.example:3080"), "not https");
        assertFalse(BrowserSocketGate.sameOrigin("https://proxy.example:3081", "proxy.example:3080"), "other port");
        assertFalse(BrowserSocketGate.sameOrigin("https://proxy.example.evil.example:3080", "proxy.example:3080"));
        assertFalse(BrowserSocketGate.sameOrigin("null", "proxy.example:3080"), "sandboxed or file pages");
        assertFalse(BrowserSocketGate.sameOrigin(null, "proxy.example:3080"), "no Origin at all");
        assertFalse(BrowserSocketGate.sameOrigin("https://proxy.example:3080", null));
        assertFalse(BrowserSocketGate.sameOrigin("https://proxy example", "proxy.example:3080"), "malformed");
    }

    @Test
    void nodeLoginAndSizeAreCheckedWithMessagesForAPerson() {
        var ok = TerminalRequest.parse("web-01.prod", "ubuntu", "120", "40");
        assertEquals(new TerminalRequest("web-01.prod", "ubuntu", 120, 40), ok);
        assertEquals(80, TerminalRequest.parse("n", "root", null, null).cols(), "a default size");
        var badNode = assertThrows(IllegalArgumentException.class,
                () -> TerminalRequest.parse("../../etc/passwd", "root", "80", "24"));
        assertTrue(badNode.getMessage().contains("'node'"), badNode.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TerminalRequest.parse("n", "root;reboot", "80", "24"));
        assertThrows(IllegalArgumentException.class, () -> TerminalRequest.parse("n", "root", "0", "24"));
        assertThrows(IllegalArgumentException.class, () -> TerminalRequest.parse("n", "root", "80", "100000"));
        var notNumber = assertThrows(IllegalArgumentException.class,
                () -> TerminalRequest.parse("n", "root", "wide", "24"));
        assertEquals("'cols' must be a number", notNumber.getMessage());
    }
}
