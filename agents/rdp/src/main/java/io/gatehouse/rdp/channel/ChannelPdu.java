package io.gatehouse.rdp.channel;

import io.gatehouse.rdp.wire.ByteWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Splitting a virtual channel message into chunks, each behind a CHANNEL_PDU_HEADER
 * (MS-RDPBCGR 2.2.6.1.1: the whole message's length, then CHANNEL_FLAG_FIRST/LAST). The reverse
 * is {@link ChannelReassembler}.
 */
public final class ChannelPdu {
    public static final int CHANNEL_FLAG_FIRST = 0x01;
    public static final int CHANNEL_FLAG_LAST = 0x02;
    public static final int CHANNEL_FLAG_SHOW_PROTOCOL = 0x10;
    /** Bulk-compressed data (2.2.6.1.1); never negotiated by this client (VCCAPS_NO_COMPR). */
    public static final int CHANNEL_PACKET_COMPRESSED = 0x00200000;
    public static final int HEADER_LENGTH = 8;
    /** CHANNEL_CHUNK_LENGTH: the chunk size unless the server's virtual channel capability says otherwise. */
    public static final int DEFAULT_CHUNK_LENGTH = 1600;
    /** 2.2.7.1.10: VCChunkSize is at most 16256. */
    public static final int MAX_CHUNK_LENGTH = 16256;

    private ChannelPdu() {
    }

    /** The chunk size to send with, from the server's VCChunkSize (0 if absent), kept within the spec's range. */
    public static int chunkLength(long serverChunkSize) {
        if (serverChunkSize <= 0) {
            return DEFAULT_CHUNK_LENGTH;
        }
        return (int) Math.max(DEFAULT_CHUNK_LENGTH, Math.min(MAX_CHUNK_LENGTH, serverChunkSize));
    }

    /** The chunks of {@code message}, each with its header; an empty message is one empty FIRST|LAST chunk. */
    public static List<byte[]> chunks(byte[] message, int chunkLength, boolean showProtocol) {
        if (chunkLength <= 0) {
            throw new IllegalArgumentException("chunk length " + chunkLength);
        }
        List<byte[]> out = new ArrayList<>(message.length / chunkLength + 1);
        int offset = 0;
        do {
            int n = Math.min(chunkLength, message.length - offset);
            int flags = (offset == 0 ? CHANNEL_FLAG_FIRST : 0) | (offset + n == message.length ? CHANNEL_FLAG_LAST : 0)
                    | (showProtocol ? CHANNEL_FLAG_SHOW_PROTOCOL : 0);
            out.add(new ByteWriter(HEADER_LENGTH + n).u32le(message.length).u32le(flags).bytes(message, offset, n)
                    .toByteArray());
            offset += n;
        } while (offset < message.length);
        return out;
    }
}
