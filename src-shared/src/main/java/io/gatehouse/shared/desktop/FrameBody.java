package io.gatehouse.shared.desktop;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.shared.api.ApiJson;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The fields of one frame after its type byte, read in order: every read checks the length first,
 * so a short frame is MalformedFrame and never an index error. Also the one place frames are
 * built (type byte, big-endian fields) and their JSON bodies (de)serialised.
 */
final class FrameBody {
    private static final ObjectMapper JSON = ApiJson.newMapper();
    private final FrameType type;
    private final ByteBuffer body;

    FrameBody(FrameType type, ByteBuffer body) {
        this.type = type;
        this.body = body;
    }

    int u8() throws MalformedFrame {
        need(1);
        return body.get() & 0xFF;
    }

    int u16() throws MalformedFrame {
        need(2);
        return body.getShort() & 0xFFFF;
    }

    int i16() throws MalformedFrame {
        need(2);
        return body.getShort();
    }

    byte[] rest() {
        byte[] b = new byte[body.remaining()];
        body.get(b);
        return b;
    }

    String text() {
        return new String(rest(), StandardCharsets.UTF_8);
    }

    /** A JSON body the protocol lets a receiver take without its details when it is broken (ERROR, CLOSED, CONNECTED). */
    JsonNode lenientJson() {
        try {
            JsonNode n = JSON.readTree(rest());
            return n != null && n.isObject() ? n : JSON.createObjectNode();
        } catch (java.io.IOException e) {
            return JSON.createObjectNode();
        }
    }

    /** A JSON body that must be an object (OPEN: the agent acts on it). */
    JsonNode strictJson() throws MalformedFrame {
        JsonNode n;
        try {
            n = JSON.readTree(rest());
        } catch (JsonProcessingException e) {
            throw new MalformedFrame("the " + type + " frame is not JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new MalformedFrame("the " + type + " frame is not JSON");
        }
        if (n == null || !n.isObject()) {
            throw new MalformedFrame("the " + type + " frame is not a JSON object");
        }
        return n;
    }

    private void need(int n) throws MalformedFrame {
        if (body.remaining() < n) {
            throw new MalformedFrame("frame of type 0x" + Integer.toHexString(type.code()) + " (" + type
                    + ") is too short");
        }
    }

    // ---- writing ----

    /** A frame of {@code fixed} bytes after the type byte, plus {@code tail}; fields go in with the returned buffer. */
    static ByteBuffer frame(FrameType type, int fixed, byte[] tail) {
        return frame(type.code(), fixed, tail);
    }

    static ByteBuffer frame(int typeCode, int fixed, byte[] tail) {
        ByteBuffer b = ByteBuffer.allocate(1 + fixed + tail.length).put((byte) typeCode);
        b.position(1 + fixed);
        b.put(tail);
        return b.position(1);
    }

    static byte[] text(FrameType type, String text) {
        return frame(type, 0, text.getBytes(StandardCharsets.UTF_8)).array();
    }

    static ObjectNode object() {
        return JSON.createObjectNode();
    }

    static byte[] json(FrameType type, ObjectNode body) {
        try {
            return frame(type, 0, JSON.writeValueAsBytes(body)).array();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a " + type + " frame", e);
        }
    }
}
