package io.gatehouse.shared.desktop;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The proxy's first frame to the agent (docs/desktop-protocol.md, "Proxy → agent only"): which
 * desktop, as which login, at which size. Its values were shaped by the page, so a body that is
 * not a JSON object is MalformedFrame; the agent checks the rest.
 */
public record Open(String desktop, String login, int width, int height) implements DesktopFrame {
    static Open read(FrameBody b) throws MalformedFrame {
        JsonNode j = b.strictJson();
        return new Open(j.path("desktop").asText(""), j.path("login").asText(""), j.path("width").asInt(1024),
                j.path("height").asInt(768));
    }

    /** The OPEN frame itself, from its bytes (type byte first): anything else is MalformedFrame. */
    public static Open parse(byte[] frame) throws MalformedFrame {
        if (frame.length == 0 || (frame[0] & 0xFF) != FrameType.OPEN.code()) {
            throw new MalformedFrame("the desktop session did not start with OPEN");
        }
        return (Open) DesktopFrame.parse(frame);
    }

    @Override
    public int typeCode() {
        return FrameType.OPEN.code();
    }

    @Override
    public byte[] write() {
        return FrameBody.json(FrameType.OPEN, FrameBody.object().put("desktop", desktop).put("login", login)
                .put("width", width).put("height", height));
    }
}
