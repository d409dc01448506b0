package io.gatehouse.rdp.input;

import io.gatehouse.rdp.wire.ByteWriter;

/** Fast-path input events and the PDU that carries them (MS-RDPBCGR 2.2.8.1.2). */
public final class FastPathInput {
    private static final int EVENT_SCANCODE = 0;
    private static final int EVENT_MOUSE = 1;
    private static final int EVENT_SYNC = 3;
    private static final int EVENT_UNICODE = 4;
    private static final int KBDFLAGS_RELEASE = 0x01;
    private static final int KBDFLAGS_EXTENDED = 0x02;
    private static final int PTRFLAGS_HWHEEL = 0x0400;
    private static final int PTRFLAGS_WHEEL = 0x0200;
    private static final int PTRFLAGS_WHEEL_NEGATIVE = 0x0100;
    private static final int PTRFLAGS_MOVE = 0x0800;
    private static final int PTRFLAGS_DOWN = 0x8000;
    /** Left, middle, right as the API numbers them (0, 1, 2) mapped to BUTTON1, BUTTON3, BUTTON2. */
    private static final int[] BUTTON_FLAGS = {0x1000, 0x4000, 0x2000};

    private FastPathInput() {
    }

    /** One encoded event (the PDU wraps one or more). */
    public record Event(byte[] bytes) {
    }

    public static Event scancode(int scancode, boolean extended, boolean down) {
        if (scancode < 0 || scancode > 0x7F) {
            throw new IllegalArgumentException("scancode 0x" + Integer.toHexString(scancode) + " is outside 0..0x7F");
        }
        int flags = (down ? 0 : KBDFLAGS_RELEASE) | (extended ? KBDFLAGS_EXTENDED : 0);
        return new Event(new byte[] {(byte) (EVENT_SCANCODE << 5 | flags), (byte) scancode});
    }

    public static Event unicode(int codeUnit, boolean down) {
        if (codeUnit < 0 || codeUnit > 0xFFFF) {
            throw new IllegalArgumentException("UTF-16 code unit " + codeUnit + " is outside 0..0xFFFF");
        }
        return new Event(new ByteWriter(3).u8(EVENT_UNICODE << 5 | (down ? 0 : KBDFLAGS_RELEASE)).u16le(codeUnit)
                .toByteArray());
    }

    public static Event mouseMove(int x, int y) {
        return mouse(PTRFLAGS_MOVE, x, y);
    }

    /** A button press or release at (x, y); button 0 left, 1 middle, 2 right. */
    public static Event mouseButton(int button, boolean down, int x, int y) {
        if (button < 0 || button > 2) {
            throw new IllegalArgumentException("mouse button " + button + " is not 0 (left), 1 (middle) or 2 (right)");
        }
        return mouse(BUTTON_FLAGS[button] | (down ? PTRFLAGS_DOWN : 0), x, y);
    }

    /**
     * A wheel rotation: {@code delta} in 1/120 notches, positive = up (vertical) or right
     * (horizontal). The field is 9-bit two's complement, so it is clamped to -255..255.
     */
    public static Event wheel(boolean horizontal, int delta, int x, int y) {
        int d = Math.max(-255, Math.min(255, delta));
        int flags = (horizontal ? PTRFLAGS_HWHEEL : PTRFLAGS_WHEEL) | (d & 0xFF) | (d < 0 ? PTRFLAGS_WHEEL_NEGATIVE : 0);
        return mouse(flags, x, y);
    }

    /** Toggle-key state (scroll/num/caps/kana lock bits of 2.2.8.1.2.2.5), sent after activation. */
    public static Event synchronize(int toggleFlags) {
        return new Event(new byte[] {(byte) (EVENT_SYNC << 5 | (toggleFlags & 0x1F))});
    }

    private static Event mouse(int flags, int x, int y) {
        return new Event(new ByteWriter(7).u8(EVENT_MOUSE << 5).u16le(flags).u16le(clamp(x)).u16le(clamp(y))
                .toByteArray());
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(0xFFFF, v));
    }

    /** The fast-path input PDU for up to 15 events (no encryption: TLS protects them). */
    public static byte[] pdu(Event... events) {
        if (events.length == 0 || events.length > 15) {
            throw new IllegalArgumentException(events.length + " events do not fit one fast-path input header");
        }
        int payload = 0;
        for (Event e : events) {
            payload += e.bytes().length;
        }
        int total = 1 + 1 + payload;
        if (total > 0x7F) {
            total++;
        }
        ByteWriter w = new ByteWriter(total);
        w.u8(events.length << 2);
        if (total > 0x7F) {
            w.u16be(0x8000 | total);
        } else {
            w.u8(total);
        }
        for (Event e : events) {
            w.bytes(e.bytes());
        }
        return w.toByteArray();
    }
}
