package io.gatehouse.shared.desktop;

import java.util.Optional;

/**
 * Every frame type of the desktop protocol, version 1 (docs/desktop-protocol.md, "Frames"), with
 * who sends it. The one list in Java: the page's protocol.ts mirrors the same table, and
 * FrameTypeTest checks both against the document.
 */
public enum FrameType {
    SCREEN(0x01, Sender.SERVER),
    TILE(0x02, Sender.SERVER),
    POINTER_POSITION(0x03, Sender.SERVER),
    POINTER_SHAPE(0x04, Sender.SERVER),
    CLIPBOARD(0x05, Sender.SERVER),
    ERROR(0x06, Sender.SERVER),
    CLOSED(0x07, Sender.SERVER),
    CONNECTED(0x08, Sender.SERVER),

    MOUSE_MOVE(0x11, Sender.BROWSER),
    MOUSE_BUTTON(0x12, Sender.BROWSER),
    WHEEL(0x13, Sender.BROWSER),
    KEY(0x14, Sender.BROWSER),
    UNICODE(0x15, Sender.BROWSER),
    RESIZE(0x16, Sender.BROWSER),
    BROWSER_CLIPBOARD(0x17, Sender.BROWSER),

    OPEN(0x20, Sender.PROXY);

    /** Who may put a frame of this type on the wire. */
    public enum Sender {
        /** The agent (docs: "Server → browser"). */
        SERVER,
        /** The page (docs: "Browser → server"). */
        BROWSER,
        /** The proxy, to the agent only (docs: "Proxy → agent only"). */
        PROXY
    }

    private final int code;
    private final Sender sender;

    FrameType(int code, Sender sender) {
        this.code = code;
        this.sender = sender;
    }

    /** The type byte. */
    public int code() {
        return code;
    }

    public Sender sender() {
        return sender;
    }

    /** The name the protocol document uses (both clipboards are "CLIPBOARD" there). */
    public String documentedName() {
        return this == BROWSER_CLIPBOARD ? "CLIPBOARD" : name();
    }

    /** The type of a type byte, or empty for one this version does not know (the receiver ignores it). */
    public static Optional<FrameType> of(int code) {
        for (FrameType t : values()) {
            if (t.code == (code & 0xFF)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /**
     * Whether a page may send a frame starting with this byte: 0x20..0x2F are the proxy's (OPEN and
     * whatever later versions add there), so the proxy drops them from the browser and a page can
     * never choose the desktop or login the agent is asked for.
     */
    public static boolean mayComeFromBrowser(int typeByte) {
        return (typeByte & 0xF0) != 0x20;
    }
}
