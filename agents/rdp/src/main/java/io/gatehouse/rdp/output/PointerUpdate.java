package io.gatehouse.rdp.output;

import io.gatehouse.rdp.RdpProtocolException;
import io.gatehouse.rdp.wire.ByteReader;

/**
 * Pointer updates (MS-RDPBCGR 2.2.9.1.1.4 slow path, 2.2.9.1.2.1.5-11 fast path). Both paths carry
 * the same bodies; only the way the kind is named differs, so each has its own entry point.
 */
public sealed interface PointerUpdate {
    /** The largest pointer the engine accepts (large pointers go to 384x384, 2.2.9.1.2.1.11). */
    int MAX_SIZE = 384;

    record Position(int x, int y) implements PointerUpdate {
    }

    /** The system pointer: hidden or the default arrow. */
    record System(boolean hidden) implements PointerUpdate {
    }

    /** A new pointer image for cache slot {@code cacheIndex}, still encoded (masks as sent). */
    record Shape(int cacheIndex, int hotX, int hotY, int width, int height, int xorBpp, byte[] xorMask, byte[] andMask)
            implements PointerUpdate {
    }

    record Cached(int cacheIndex) implements PointerUpdate {
    }

    /** Slow-path TS_POINTER_PDU: messageType, pad, body. */
    static PointerUpdate parseSlowPath(ByteReader r) throws RdpProtocolException {
        int type = r.u16le("messageType");
        r.u16le("pad2Octets");
        return switch (type) {
            case 0x0001 -> system(r);
            case 0x0003 -> new Position(r.u16le("xPos"), r.u16le("yPos"));
            case 0x0006 -> color(r, 24, false);
            case 0x0007 -> new Cached(r.u16le("cacheIndex"));
            case 0x0008 -> color(r, r.u16le("xorBpp"), false);
            case 0x0009 -> color(r, r.u16le("xorBpp"), true);
            default -> throw r.error("pointer messageType 0x" + Integer.toHexString(type) + " is unknown");
        };
    }

    /** Fast-path pointer update by update code (0x5-0xC), or null if the code is not a pointer update. */
    static PointerUpdate parseFastPath(int code, ByteReader r) throws RdpProtocolException {
        return switch (code) {
            case 0x5 -> new System(true);
            case 0x6 -> new System(false);
            case 0x8 -> new Position(r.u16le("xPos"), r.u16le("yPos"));
            case 0x9 -> color(r, 24, false);
            case 0xA -> new Cached(r.u16le("cacheIndex"));
            case 0xB -> color(r, r.u16le("xorBpp"), false);
            case 0xC -> color(r, r.u16le("xorBpp"), true);
            default -> null;
        };
    }

    private static PointerUpdate system(ByteReader r) throws RdpProtocolException {
        long type = r.u32le("systemPointerType");
        return new System(type == 0); // SYSPTR_NULL; SYSPTR_DEFAULT (0x7F00) and anything else: the arrow
    }

    /** TS_COLORPOINTERATTRIBUTE (or the large variant with 32-bit mask lengths). */
    private static PointerUpdate color(ByteReader r, int xorBpp, boolean large) throws RdpProtocolException {
        int index = r.u16le("cacheIndex");
        int hotX = r.u16le("hotSpot.xPos");
        int hotY = r.u16le("hotSpot.yPos");
        int width = r.u16le("width");
        int height = r.u16le("height");
        int andLen = large ? r.i32le("lengthAndMask") : r.u16le("lengthAndMask");
        int xorLen = large ? r.i32le("lengthXorMask") : r.u16le("lengthXorMask");
        if (width > MAX_SIZE || height > MAX_SIZE) {
            throw r.error("pointer of " + width + "x" + height + " is larger than " + MAX_SIZE + "x" + MAX_SIZE);
        }
        if (xorBpp != 1 && xorBpp != 4 && xorBpp != 8 && xorBpp != 15 && xorBpp != 16 && xorBpp != 24 && xorBpp != 32) {
            throw r.error("pointer xorBpp " + xorBpp + " is not a valid depth");
        }
        byte[] xor = r.bytes(xorLen, "xorMaskData");
        byte[] and = r.bytes(andLen, "andMaskData");
        return new Shape(index, hotX, hotY, width, height, xorBpp, xor, and);
    }
}
