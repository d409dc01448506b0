package io.gatehouse.proxy.browser;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.shared.api.ApiJson;

/**
 * A text (control) message a page sends on a terminal or desktop WebSocket: {"type":"auth",
 * "token":...} first, then {"type":"resize","cols":..,"rows":..}; others are ignored. Anything
 * that is not a JSON object is MalformedMessage, the one error this parser lets out.
 */
public sealed interface BrowserMessage {
    /** Larger than any real control message; Vert.x caps a frame at 64 KiB anyway. */
    int MAX_LENGTH = 16 * 1024;

    /** The page's bearer token (the CSRF half of the web session). */
    record Auth(String token) implements BrowserMessage {
        @Override
        public String toString() {
            return "Auth[token=<redacted>]";
        }
    }

    /** A window change; sizes as sent, checked where they are used. */
    record Resize(int cols, int rows) implements BrowserMessage {
    }

    /** A message of a type this end does not know: ignored, kept for the debug log. */
    record Other(String type) implements BrowserMessage {
    }

    final class MalformedMessage extends Exception {
        MalformedMessage(String message) {
            super(message, null, false, false);
        }
    }

    static BrowserMessage parse(String text) throws MalformedMessage {
        if (text == null || text.length() > MAX_LENGTH) {
            throw new MalformedMessage("a control message is empty or longer than " + MAX_LENGTH + " characters");
        }
        JsonNode m;
        try {
            m = Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new MalformedMessage("a control message is not JSON; reload the page");
        }
        if (m == null || !m.isObject()) {
            throw new MalformedMessage("a control message is not a JSON object; reload the page");
        }
        String type = m.path("type").asText("");
        return switch (type) {
            case "auth" -> new Auth(m.path("token").asText(""));
            case "resize" -> new Resize(m.path("cols").asInt(0), m.path("rows").asInt(0));
            default -> new Other(type.length() > 40 ? type.substring(0, 40) + "…" : type);
        };
    }

    /** Holder: interfaces cannot have private static fields. */
    final class Json {
        private static final ObjectMapper MAPPER = ApiJson.newMapper();

        private Json() {
        }
    }
}
