package io.gatehouse.proxy.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketFrame;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What a browser socket accepts before the page has proved itself: one small auth message, nothing else. */
class BrowserSocketGateTest {

    @Test
    void thePagesAuthMessageGivesTheBearer() {
        assertEquals(Optional.of("tok-123"), BrowserSocketGate.bearerOf(WebSocketFrame.textFrame(
                "{\"type\":\"auth\",\"token\":\"tok-123\"}", true)));
    }

    @Test
    void anythingElseFirstIsRefused() {
        String padded = "{\"type\":\"auth\",\"token\":\"tok\",\"pad\":\"" + "x".repeat(BrowserSocketGate.FIRST_MESSAGE_MAX)
                + "\"}";
        assertTrue(BrowserSocketGate.bearerOf(WebSocketFrame.textFrame(padded, true)).isEmpty(), "over 4 KiB");
        assertTrue(BrowserSocketGate.bearerOf(WebSocketFrame.binaryFrame(Buffer.buffer(
                "{\"type\":\"auth\",\"token\":\"tok\"}"), true)).isEmpty(), "binary");
        assertTrue(BrowserSocketGate.bearerOf(WebSocketFrame.textFrame("{\"type\":\"auth\",\"token\":\"tok\"}",
                false)).isEmpty(), "a fragment that would grow into a larger message");
        assertTrue(BrowserSocketGate.bearerOf(WebSocketFrame.textFrame("{\"type\":\"resize\",\"cols\":80}", true))
                .isEmpty(), "another message type");
        assertTrue(BrowserSocketGate.bearerOf(WebSocketFrame.textFrame("{\"type\":\"auth\",\"token\":\"\"}", true))
                .isEmpty(), "an empty token");
        assertTrue(BrowserSocketGate.bearerOf(WebSocketFrame.textFrame("not json", true)).isEmpty());
    }
}
