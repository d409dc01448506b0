package io.gatehouse.rdp.channel;

import io.gatehouse.rdp.RdpProtocolException;
import io.gatehouse.rdp.wire.ByteReader;
import java.util.Optional;

/**
 * Joins the chunks of one static virtual channel into whole messages (MS-RDPBCGR 3.1.5.2.2), with
 * a cap on a message's size. Not thread-safe: one per channel, fed by the reader thread.
 *
 * <p>Any malformed chunk throws {@link RdpProtocolException} and drops the message in progress, so
 * the caller can ignore it and go on with the next message. A message over the cap is refused
 * when its first chunk announces the length (also an exception); its later chunks are then
 * skipped quietly until its last one, so one bad message costs one exception, not one per chunk.
 */
public final class ChannelReassembler {
    private final int maxMessage;
    private byte[] message;
    private int filled;
    private boolean skipping;

    public ChannelReassembler(int maxMessage) {
        this.maxMessage = maxMessage;
    }

    /** One chunk (CHANNEL_PDU_HEADER and data); the whole message when this was its last chunk. */
    public Optional<byte[]> accept(ByteReader chunk) throws RdpProtocolException {
        long length = chunk.u32le("CHANNEL_PDU_HEADER length");
        int flags = (int) chunk.u32le("CHANNEL_PDU_HEADER flags");
        boolean first = (flags & ChannelPdu.CHANNEL_FLAG_FIRST) != 0;
        boolean last = (flags & ChannelPdu.CHANNEL_FLAG_LAST) != 0;
        if (skipping && !first) {
            skipping = !last;
            return Optional.empty();
        }
        skipping = false;
        try {
            return assemble(chunk, length, flags, first, last);
        } catch (RdpProtocolException e) {
            message = null;
            throw e;
        }
    }

    private Optional<byte[]> assemble(ByteReader chunk, long length, int flags, boolean first, boolean last)
            throws RdpProtocolException {
        if ((flags & ChannelPdu.CHANNEL_PACKET_COMPRESSED) != 0) {
            throw chunk.error("compressed channel data, which the client did not negotiate");
        }
        if (first) {
            if (message != null) {
                skipping = !last; // drop both: the unfinished message and this one
                throw chunk.error("a new message began before the last one ended (" + filled + " of "
                        + message.length + " bytes)");
            }
            if (length > maxMessage) {
                skipping = !last;
                throw chunk.error("a message of " + length + " bytes is over the limit of " + maxMessage);
            }
            message = new byte[(int) length];
            filled = 0;
        } else if (message == null) {
            throw chunk.error("a continuation chunk without a first chunk");
        } else if (length != message.length) {
            throw chunk.error("a chunk says the message has " + length + " bytes, the first said " + message.length);
        }
        int n = chunk.remaining();
        if (n > message.length - filled) {
            throw chunk.error("the chunks carry more than the message's " + message.length + " bytes");
        }
        System.arraycopy(chunk.array(), chunk.arrayOffset(), message, filled, n);
        chunk.skip(n, "chunk data");
        filled += n;
        if (!last) {
            return Optional.empty();
        }
        if (filled != message.length) {
            throw chunk.error("the last chunk ends the message at " + filled + " of " + message.length + " bytes");
        }
        byte[] whole = message;
        message = null;
        return Optional.of(whole);
    }
}
