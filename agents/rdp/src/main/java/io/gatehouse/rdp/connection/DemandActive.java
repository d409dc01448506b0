package io.gatehouse.rdp.connection;

import io.gatehouse.rdp.RdpProtocolException;
import io.gatehouse.rdp.wire.ByteReader;

/**
 * What the engine takes from the server's Demand Active PDU (MS-RDPBCGR 2.2.1.13.1): the share id
 * to echo, the desktop size and depth from the bitmap capability (the server may change them),
 * whether it accepts fast-path input, and the virtual channel chunk size (0 when the server's
 * virtual channel capability has none: then it is CHANNEL_CHUNK_LENGTH, 1600).
 */
public record DemandActive(long shareId, int width, int height, int colorDepth, int inputFlags, int generalExtraFlags,
        long channelChunkSize) {
    static final int CAPSTYPE_GENERAL = 1;
    static final int CAPSTYPE_BITMAP = 2;
    static final int CAPSTYPE_INPUT = 13;
    static final int CAPSTYPE_VIRTUALCHANNEL = 20;
    public static final int INPUT_FLAG_FASTPATH_INPUT = 0x0008;
    public static final int INPUT_FLAG_FASTPATH_INPUT2 = 0x0020;

    public boolean fastPathInput() {
        return (inputFlags & (INPUT_FLAG_FASTPATH_INPUT | INPUT_FLAG_FASTPATH_INPUT2)) != 0;
    }

    /** Parses the body after the share control header. */
    public static DemandActive parse(ByteReader r) throws RdpProtocolException {
        long shareId = r.u32le("shareId");
        int sourceLen = r.u16le("lengthSourceDescriptor");
        int capsLen = r.u16le("lengthCombinedCapabilities");
        r.skip(sourceLen, "sourceDescriptor");
        ByteReader caps = r.slice(Math.min(capsLen, r.remaining()), "capabilities");
        int count = caps.u16le("numberCapabilities");
        caps.u16le("pad2Octets");
        int width = 0;
        int height = 0;
        int depth = 0;
        int inputFlags = 0;
        int extraFlags = 0;
        long chunkSize = 0;
        for (int i = 0; i < count && caps.remaining() >= 4; i++) {
            int type = caps.u16le("capabilitySetType");
            int len = caps.u16le("lengthCapability");
            if (len < 4) {
                throw caps.error("capability set " + type + " has length " + len);
            }
            ByteReader set = caps.slice(len - 4, "capability set " + type);
            switch (type) {
                case CAPSTYPE_GENERAL -> {
                    set.skip(10, "general capability header fields");
                    extraFlags = set.u16le("extraFlags");
                }
                case CAPSTYPE_BITMAP -> {
                    depth = set.u16le("preferredBitsPerPixel");
                    set.skip(6, "receive flags");
                    width = set.u16le("desktopWidth");
                    height = set.u16le("desktopHeight");
                }
                case CAPSTYPE_INPUT -> inputFlags = set.u16le("inputFlags");
                case CAPSTYPE_VIRTUALCHANNEL -> { // 2.2.7.1.10: flags, then VCChunkSize (optional)
                    set.u32le("virtual channel flags");
                    chunkSize = set.remaining() >= 4 ? set.u32le("VCChunkSize") : 0;
                }
                default -> {
                    // the rest does not change what the client sends or expects
                }
            }
        }
        if (width == 0 || height == 0) {
            throw r.error("the bitmap capability set is missing or gives a desktop size of " + width + "x" + height);
        }
        return new DemandActive(shareId, width, height, depth, inputFlags, extraFlags, chunkSize);
    }
}
