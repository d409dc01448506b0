package io.gatehouse.shared.desktop;

import com.fasterxml.jackson.databind.JsonNode;

/** What the agent sends the browser (docs/desktop-protocol.md, "Server → browser"); the proxy only relays it. */
public sealed interface ServerFrame extends DesktopFrame {
    int ENCODING_PNG = 1;
    int ENCODING_ZLIB_RGBA = 2;

    FrameType type();

    @Override
    default int typeCode() {
        return type().code();
    }

    static ServerFrame read(FrameType type, FrameBody b) throws MalformedFrame {
        return switch (type) {
            case SCREEN -> new Screen(b.u16(), b.u16());
            case TILE -> new Tile(b.u16(), b.u16(), b.u16(), b.u16(), b.u8(), b.rest());
            case POINTER_POSITION -> new PointerPosition(b.u16(), b.u16());
            case POINTER_SHAPE -> PointerShape.read(b);
            case CLIPBOARD -> new Clipboard(b.text());
            case ERROR -> {
                JsonNode j = b.lenientJson();
                yield new Error(j.path("code").asText(""), j.path("message").asText(""));
            }
            case CLOSED -> new Closed(b.lenientJson().path("reason").asText(""));
            case CONNECTED -> {
                JsonNode j = b.lenientJson();
                yield new Connected(j.path("desktop").asText(""), j.path("login").asText(""),
                        j.path("session_id").asText(""));
            }
            default -> throw new IllegalArgumentException(type + " is not a server frame");
        };
    }

    /** The desktop is connected (first one) or changed size. */
    record Screen(int width, int height) implements ServerFrame {
        @Override
        public FrameType type() {
            return FrameType.SCREEN;
        }

        @Override
        public byte[] write() {
            return FrameBody.frame(type(), 4, new byte[0]).putShort((short) width).putShort((short) height).array();
        }
    }

    /** A painted rectangle: {@link #ENCODING_PNG} or {@link #ENCODING_ZLIB_RGBA} data. */
    record Tile(int x, int y, int width, int height, int encoding, byte[] data) implements ServerFrame {
        @Override
        public FrameType type() {
            return FrameType.TILE;
        }

        @Override
        public byte[] write() {
            return FrameBody.frame(type(), 9, data).putShort((short) x).putShort((short) y).putShort((short) width)
                    .putShort((short) height).put((byte) encoding).array();
        }
    }

    record PointerPosition(int x, int y) implements ServerFrame {
        @Override
        public FrameType type() {
            return FrameType.POINTER_POSITION;
        }

        @Override
        public byte[] write() {
            return FrameBody.frame(type(), 4, new byte[0]).putShort((short) x).putShort((short) y).array();
        }
    }

    /** Kind {@link #HIDDEN}, {@link #ARROW}, or {@link #IMAGE} with its hot spot and PNG. */
    record PointerShape(int kind, int hotX, int hotY, byte[] png) implements ServerFrame {
        public static final int HIDDEN = 0;
        public static final int ARROW = 1;
        public static final int IMAGE = 2;

        public static PointerShape hidden() {
            return new PointerShape(HIDDEN, 0, 0, new byte[0]);
        }

        public static PointerShape arrow() {
            return new PointerShape(ARROW, 0, 0, new byte[0]);
        }

        public static PointerShape image(int hotX, int hotY, byte[] png) {
            return new PointerShape(IMAGE, hotX, hotY, png);
        }

        static PointerShape read(FrameBody b) throws MalformedFrame {
            int kind = b.u8();
            // A kind this version does not know shows the default arrow (docs): not a reason to end.
            return kind == IMAGE ? image(b.u16(), b.u16(), b.rest()) : kind == HIDDEN ? hidden() : arrow();
        }

        @Override
        public FrameType type() {
            return FrameType.POINTER_SHAPE;
        }

        @Override
        public byte[] write() {
            if (kind != IMAGE) {
                return FrameBody.frame(type(), 1, new byte[0]).put((byte) kind).array();
            }
            return FrameBody.frame(type(), 5, png).put((byte) kind).putShort((short) hotX).putShort((short) hotY)
                    .array();
        }
    }

    /** The remote clipboard now holds this text. */
    record Clipboard(String text) implements ServerFrame {
        @Override
        public FrameType type() {
            return FrameType.CLIPBOARD;
        }

        @Override
        public byte[] write() {
            return FrameBody.text(type(), text);
        }
    }

    /** The session cannot go on; codes in docs/desktop-protocol.md. The message is for the person. */
    record Error(String code, String message) implements ServerFrame {
        @Override
        public FrameType type() {
            return FrameType.ERROR;
        }

        @Override
        public byte[] write() {
            return FrameBody.json(type(), FrameBody.object().put("code", code).put("message", message));
        }
    }

    /** The desktop ended the session normally. */
    record Closed(String reason) implements ServerFrame {
        @Override
        public FrameType type() {
            return FrameType.CLOSED;
        }

        @Override
        public byte[] write() {
            return FrameBody.json(type(), FrameBody.object().put("reason", reason));
        }
    }

    /** Sent once, before the first SCREEN: who is connected where. */
    record Connected(String desktop, String login, String sessionId) implements ServerFrame {
        @Override
        public FrameType type() {
            return FrameType.CONNECTED;
        }

        @Override
        public byte[] write() {
            return FrameBody.json(type(), FrameBody.object().put("desktop", desktop).put("login", login)
                    .put("session_id", sessionId));
        }
    }
}
