package io.gatehouse.rdp.connection;

import io.gatehouse.rdp.wire.ByteWriter;

/** The client's connection finalization data PDUs (MS-RDPBCGR 2.2.1.14-2.2.1.18) and Shutdown Request. */
public final class Finalization {
    private static final int SYNCMSGTYPE_SYNC = 1;
    private static final int SERVER_CHANNEL_ID = 0x03EA;
    private static final int CTRLACTION_REQUEST_CONTROL = 1;
    private static final int CTRLACTION_COOPERATE = 4;
    /** FONTLIST_FIRST | FONTLIST_LAST; entry size 0x32 as 2.2.1.18.1 requires. */
    private static final int FONTLIST_FIRST_LAST = 0x0003;

    private Finalization() {
    }

    /** Synchronize, Control Cooperate, Control Request Control and Font List, in that order. */
    public static byte[][] pdus(long shareId, int userId) {
        return new byte[][] {
            ShareData.write(shareId, userId, ShareData.SYNCHRONIZE,
                    new ByteWriter().u16le(SYNCMSGTYPE_SYNC).u16le(SERVER_CHANNEL_ID).toByteArray()),
            ShareData.write(shareId, userId, ShareData.CONTROL, control(CTRLACTION_COOPERATE)),
            ShareData.write(shareId, userId, ShareData.CONTROL, control(CTRLACTION_REQUEST_CONTROL)),
            ShareData.write(shareId, userId, ShareData.FONT_LIST,
                    new ByteWriter().u16le(0).u16le(0).u16le(FONTLIST_FIRST_LAST).u16le(0x32).toByteArray())
        };
    }

    private static byte[] control(int action) {
        return new ByteWriter().u16le(action).u16le(0).u32le(0).toByteArray();
    }

    /** 2.2.2.2: asks the server to end the session; it answers Shutdown Denied or disconnects. */
    public static byte[] shutdownRequest(long shareId, int userId) {
        return ShareData.write(shareId, userId, ShareData.SHUTDOWN_REQUEST, new byte[0]);
    }
}
