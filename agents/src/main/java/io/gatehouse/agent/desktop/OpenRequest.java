package io.gatehouse.agent.desktop;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.shared.api.ApiJson;

/**
 * The OPEN frame the proxy sends first (docs/desktop-protocol.md): which desktop, as which login,
 * at which size. Its JSON reaches the agent from the proxy but was shaped by the browser, so a body
 * that is not a JSON object is MalformedFrame, like any other broken frame.
 */
record OpenRequest(String desktop, String login, int width, int height) {
    private static final ObjectMapper JSON = ApiJson.newMapper();

    static OpenRequest parse(Frames.Incoming frame) throws Frames.MalformedFrame {
        if (frame.type() != Frames.OPEN) {
            throw new Frames.MalformedFrame("the desktop session did not start with OPEN");
        }
        JsonNode open;
        try {
            open = JSON.readTree(frame.rest());
        } catch (JsonProcessingException e) {
            throw new Frames.MalformedFrame("the OPEN frame is not JSON: " + e.getOriginalMessage());
        }
        if (open == null || !open.isObject()) {
            throw new Frames.MalformedFrame("the OPEN frame is not a JSON object");
        }
        return new OpenRequest(open.path("desktop").asText(""), open.path("login").asText(""),
                open.path("width").asInt(1024), open.path("height").asInt(768));
    }
}
