package io.gatehouse.shared.desktop;

import java.nio.ByteBuffer;

/**
 * One frame of the desktop protocol, version 1 (docs/desktop-protocol.md): a type byte, then
 * big-endian fields. Each frame is a record that parses and writes itself, side by side:
 * {@link ServerFrame} (agent → browser), {@link InputFrame} (browser → agent), {@link Open}
 * (proxy → agent), and {@link Unknown} for a type this version does not know (receivers ignore
 * it; later versions may add types). Pure: no I/O, so broken input is tested without a desktop.
 */
public sealed interface DesktopFrame permits ServerFrame, InputFrame, Open, DesktopFrame.Unknown {
    /** The frame's type; {@link Unknown} has none this version knows. */
    int typeCode();

    /** The frame's bytes: type byte first, no length prefix (that is the channel's: {@link FrameStream}). */
    byte[] write();

    /** Reads one frame: its record, {@link Unknown} for an unknown type, MalformedFrame if too short. */
    static DesktopFrame parse(byte[] frame) throws MalformedFrame {
        if (frame.length == 0) {
            throw new MalformedFrame("an empty frame has no type");
        }
        int code = frame[0] & 0xFF;
        var type = FrameType.of(code);
        if (type.isEmpty()) {
            return new Unknown(code, java.util.Arrays.copyOfRange(frame, 1, frame.length));
        }
        FrameBody body = new FrameBody(type.get(), ByteBuffer.wrap(frame, 1, frame.length - 1).slice());
        return switch (type.get().sender()) {
            case SERVER -> ServerFrame.read(type.get(), body);
            case BROWSER -> InputFrame.read(type.get(), body);
            case PROXY -> Open.read(body);
        };
    }

    /** A frame of a type this version does not know, kept as it came. */
    record Unknown(int typeCode, byte[] body) implements DesktopFrame {
        @Override
        public byte[] write() {
            return FrameBody.frame(typeCode, 0, body).array();
        }
    }
}
