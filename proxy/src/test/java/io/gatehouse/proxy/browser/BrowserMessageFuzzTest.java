package io.gatehouse.proxy.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gatehouse.shared.fuzz.Fuzz;
import io.gatehouse.shared.fuzz.Fuzz.Target;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Terminal and desktop pages' control messages: garbage ends in MalformedMessage, never a crash. */
class BrowserMessageFuzzTest {
    @Test
    void controlMessagesEndInAMessageOrMalformedMessage() {
        Fuzz.run(Target.text("browser control message", BrowserMessage::parse, List.of(
                "{\"type\":\"auth\",\"token\":\"abc.def\"}", "{\"type\":\"resize\",\"cols\":120,\"rows\":40}",
                "{\"type\":\"ping\"}"), BrowserMessage.MalformedMessage.class), 8080, 2000, 3000,
                Duration.ofSeconds(30));
    }

    @Test
    void nonObjectAndOversizedMessagesAreMalformed() {
        for (String text : List.of("", "null", "[]", "7", "\"auth\"", "{\"type\":\"auth\"}".repeat(2000))) {
            Fuzz.check(Target.text("browser control message", BrowserMessage::parse, List.of(),
                    BrowserMessage.MalformedMessage.class), 0, 0, text.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void sizesThatAreNotNumbersReadAsZeroAndAreIgnored() throws Exception {
        assertEquals(new BrowserMessage.Resize(0, 0), BrowserMessage.parse(
                "{\"type\":\"resize\",\"cols\":\"99999999999999999999\",\"rows\":[1]}"));
    }
}
