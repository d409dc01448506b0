package io.gatehouse.rdp.output;

import io.gatehouse.rdp.RdpProtocolException;
import io.gatehouse.rdp.wire.ByteReader;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a fast-path output PDU (MS-RDPBCGR 2.2.9.1.2) into its updates and reassembles fragmented
 * ones (2.2.9.1.2.1: FIRST, NEXT..., LAST, never interleaved with another fragmented update).
 * One instance per connection: it holds the partial update between PDUs.
 */
public final class FastPathOutput {
    /** A whole update: its code (FASTPATH_UPDATETYPE_*) and data. */
    public record Update(int code, byte[] data) {
    }

    private static final int FRAGMENT_SINGLE = 0;
    private static final int FRAGMENT_LAST = 1;
    private static final int FRAGMENT_FIRST = 2;
    private static final int FRAGMENT_NEXT = 3;
    private static final int COMPRESSION_USED = 2;
    private static final int PACKET_COMPRESSED = 0x20;
    private static final int ENCRYPTED = 0x2;

    private final int maxReassembled;
    private java.io.ByteArrayOutputStream partial;
    private int partialCode;

    /** {@code maxReassembled}: the multifragment size the client advertised; a larger update is an error. */
    public FastPathOutput(int maxReassembled) {
        this.maxReassembled = maxReassembled;
    }

    /** The complete updates in one PDU ({@code header} is the fpOutputHeader byte, {@code body} the rest). */
    public List<Update> parse(int header, byte[] body) throws RdpProtocolException {
        ByteReader r = new ByteReader(body, "fast-path output");
        if (((header >> 6) & ENCRYPTED) != 0) {
            throw r.error("the PDU is encrypted, but TLS was negotiated and standard RDP encryption is not supported");
        }
        if (((header >> 6) & 1) != 0) {
            r.skip(8, "dataSignature"); // FASTPATH_OUTPUT_SECURE_CHECKSUM: a signature we do not check
        }
        List<Update> updates = new ArrayList<>(2);
        while (r.hasRemaining()) {
            int h = r.u8("updateHeader");
            int code = h & 0xF;
            int fragmentation = (h >> 4) & 0x3;
            if (((h >> 6) & 0x3) == COMPRESSION_USED && (r.u8("compressionFlags") & PACKET_COMPRESSED) != 0) {
                throw r.error("update " + code + " is bulk-compressed, which was not negotiated");
            }
            int size = r.u16le("size");
            byte[] data = r.bytes(size, "updateData");
            Update whole = reassemble(code, fragmentation, data, r);
            if (whole != null) {
                updates.add(whole);
            }
        }
        return updates;
    }

    private Update reassemble(int code, int fragmentation, byte[] data, ByteReader r) throws RdpProtocolException {
        switch (fragmentation) {
            case FRAGMENT_SINGLE -> {
                return new Update(code, data);
            }
            case FRAGMENT_FIRST -> {
                partial = new java.io.ByteArrayOutputStream(Math.max(data.length * 4, 1024));
                partialCode = code;
                append(data, r);
                return null;
            }
            default -> {
                if (partial == null || partialCode != code) {
                    partial = null;
                    throw r.error("fragment of update " + code + " arrived without its first fragment");
                }
                append(data, r);
                if (fragmentation == FRAGMENT_NEXT) {
                    return null;
                }
                assert fragmentation == FRAGMENT_LAST;
                Update whole = new Update(code, partial.toByteArray());
                partial = null;
                return whole;
            }
        }
    }

    private void append(byte[] data, ByteReader r) throws RdpProtocolException {
        if (partial.size() + data.length > maxReassembled) {
            partial = null;
            throw r.error("fragmented update exceeds the advertised " + maxReassembled + " bytes");
        }
        partial.writeBytes(data);
    }
}
