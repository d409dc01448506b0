package io.gatehouse.rdp.connection;

import io.gatehouse.rdp.RdpProtocolException;
import io.gatehouse.rdp.wire.ByteReader;
import java.util.ArrayList;
import java.util.List;

/**
 * What the server said in its GCC Conference Create Response (MS-RDPBCGR 2.2.1.4): the MCS I/O
 * channel, the channels it assigned to our static virtual channels, the message channel (0 if
 * none) and its security settings.
 */
public record ServerData(long version, int ioChannelId, List<Integer> staticChannelIds, int messageChannelId,
        long encryptionMethod, long encryptionLevel) {
    private static final int SC_CORE = 0x0C01;
    private static final int SC_SECURITY = 0x0C02;
    private static final int SC_NET = 0x0C03;
    private static final int SC_MCS_MSGCHANNEL = 0x0C04;

    public ServerData {
        staticChannelIds = List.copyOf(staticChannelIds);
    }

    /**
     * The id the server gave the {@code index}-th requested static channel (2.2.1.4.4: same order
     * as the client's request), or 0 if it gave none.
     */
    public int staticChannelId(int index) {
        return index < staticChannelIds.size() ? staticChannelIds.get(index) : 0;
    }

    /** Parses the concatenated server data blocks. The network block is required (it names the I/O channel). */
    public static ServerData parse(ByteReader r) throws RdpProtocolException {
        long version = 0;
        int io = -1;
        int msg = 0;
        long method = 0;
        long level = 0;
        List<Integer> channels = new ArrayList<>();
        while (r.remaining() >= 4) {
            int type = r.u16le("block type");
            int len = r.u16le("block length");
            if (len < 4) {
                throw r.error("server data block 0x" + Integer.toHexString(type) + " has length " + len);
            }
            ByteReader b = r.slice(len - 4, "block 0x" + Integer.toHexString(type));
            switch (type) {
                case SC_CORE -> version = b.u32le("SC_CORE version");
                case SC_SECURITY -> {
                    method = b.u32le("SC_SECURITY encryptionMethod");
                    level = b.u32le("SC_SECURITY encryptionLevel");
                }
                case SC_NET -> {
                    io = b.u16le("SC_NET MCSChannelId");
                    int count = b.u16le("SC_NET channelCount");
                    for (int i = 0; i < count; i++) {
                        channels.add(b.u16le("SC_NET channelIdArray"));
                    }
                }
                case SC_MCS_MSGCHANNEL -> msg = b.u16le("SC_MCS_MSGCHANNEL MCSChannelId");
                default -> {
                    // multitransport and later blocks: nothing the engine uses
                }
            }
        }
        if (io < 0) {
            throw r.error("the server sent no network data block (SC_NET), so there is no I/O channel");
        }
        return new ServerData(version, io, channels, msg, method, level);
    }
}
