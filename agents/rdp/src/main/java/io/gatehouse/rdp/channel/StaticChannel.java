package io.gatehouse.rdp.channel;

import io.gatehouse.rdp.wire.ByteWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A static virtual channel the client asks for in its network data (MS-RDPBCGR 2.2.1.3.4.1
 * CHANNEL_DEF): an ANSI name of at most 7 characters and the CHANNEL_OPTION_* flags. The server
 * answers with one channel id per requested channel, in the same order (2.2.1.4.4).
 */
public record StaticChannel(String name, long options) {
    public static final long CHANNEL_OPTION_INITIALIZED = 0x80000000L;
    public static final long CHANNEL_OPTION_ENCRYPT_RDP = 0x40000000L;
    public static final long CHANNEL_OPTION_COMPRESS_RDP = 0x00800000L;
    public static final long CHANNEL_OPTION_SHOW_PROTOCOL = 0x00200000L;

    /** The clipboard (MS-RDPECLIP 2.1), with the options mstsc and FreeRDP give it. */
    public static final StaticChannel CLIPBOARD = new StaticChannel("cliprdr", CHANNEL_OPTION_INITIALIZED
            | CHANNEL_OPTION_ENCRYPT_RDP | CHANNEL_OPTION_COMPRESS_RDP | CHANNEL_OPTION_SHOW_PROTOCOL);

    /** What the engine requests, in this order (the server's channel ids come back in the same order). */
    public static final List<StaticChannel> REQUESTED = List.of(CLIPBOARD);

    public StaticChannel {
        if (name.isEmpty() || name.length() > 7 || !StandardCharsets.US_ASCII.newEncoder().canEncode(name)) {
            throw new IllegalArgumentException("a static channel name is 1-7 ASCII characters: " + name);
        }
    }

    /** The 12-byte CHANNEL_DEF: name NUL-padded to 8 bytes, options. */
    public void write(ByteWriter w) {
        byte[] ascii = name.getBytes(StandardCharsets.US_ASCII);
        w.bytes(ascii).zeros(8 - ascii.length).u32le(options);
    }

    /**
     * Whether chunks sent on this channel carry CHANNEL_FLAG_SHOW_PROTOCOL: the peer then sees
     * the CHANNEL_PDU_HEADER too (2.2.6.1.1), as FreeRDP does for channels with the option.
     */
    public boolean showsProtocol() {
        return (options & CHANNEL_OPTION_SHOW_PROTOCOL) != 0;
    }
}
