package io.gatehouse.rdp.connection;

import io.gatehouse.rdp.RdpProtocolException;
import io.gatehouse.rdp.wire.ByteReader;
import io.gatehouse.rdp.wire.ByteWriter;
import io.gatehouse.rdp.wire.Per;

/**
 * T.125 domain PDUs (ALIGNED PER) that RDP uses after the connect: Erect Domain, Attach User,
 * Channel Join, Send Data and Disconnect Provider Ultimatum (MS-RDPBCGR 2.2.1.5-2.2.1.9, 3.1.5.1).
 * User ids travel as offsets from MCS_BASE_CHANNEL_ID.
 */
public final class McsDomain {
    public static final int MCS_BASE_CHANNEL_ID = 1001;
    private static final int DISCONNECT_PROVIDER_ULTIMATUM = 8;
    private static final int ATTACH_USER_CONFIRM = 11;
    private static final int CHANNEL_JOIN_CONFIRM = 15;
    private static final int SEND_DATA_REQUEST = 25;
    private static final int SEND_DATA_INDICATION = 26;

    private McsDomain() {
    }

    /** A domain PDU from the server. */
    public sealed interface Pdu {
    }

    /** Send Data Indication: {@code data} is the user data for {@code channelId}. */
    public record SendData(int channelId, ByteReader data) implements Pdu {
    }

    /** Disconnect Provider Ultimatum: the server ends the connection (reason per T.125, 3 = user requested). */
    public record Disconnect(int reason) implements Pdu {
    }

    /** Any other domain PDU (the engine ignores them). */
    public record Other(int type) implements Pdu {
    }

    /** subHeight 0, subInterval 0 (2.2.1.5). */
    public static byte[] erectDomainRequest() {
        return new byte[] {0x04, 0x01, 0x00, 0x01, 0x00};
    }

    public static byte[] attachUserRequest() {
        return new byte[] {0x28};
    }

    /** Reads an Attach User Confirm; returns the user's channel id. */
    public static int parseAttachUserConfirm(ByteReader r) throws RdpProtocolException {
        int b = r.u8("MCS PDU type");
        r.expect(b >> 2, ATTACH_USER_CONFIRM, "MCS PDU type (Attach User Confirm)");
        int result = r.u8("result");
        if (result != 0) {
            throw r.error("the server refused to attach the user (result " + result + ")");
        }
        if ((b & 0x02) == 0) {
            throw r.error("Attach User Confirm has no initiator");
        }
        return r.u16be("initiator") + MCS_BASE_CHANNEL_ID;
    }

    public static byte[] channelJoinRequest(int userId, int channelId) {
        return new ByteWriter(5).u8(0x38).u16be(userId - MCS_BASE_CHANNEL_ID).u16be(channelId).toByteArray();
    }

    /** Reads a Channel Join Confirm for {@code channelId}; a refusal is an error naming the channel. */
    public static void parseChannelJoinConfirm(ByteReader r, int channelId) throws RdpProtocolException {
        int b = r.u8("MCS PDU type");
        r.expect(b >> 2, CHANNEL_JOIN_CONFIRM, "MCS PDU type (Channel Join Confirm)");
        int result = r.u8("result");
        r.u16be("initiator");
        int requested = r.u16be("requested");
        if (result != 0) {
            throw r.error("the server refused to join channel " + channelId + " (result " + result + ")");
        }
        r.expect(requested, channelId, "requested channel");
    }

    public static byte[] sendDataRequest(int userId, int channelId, byte[] data) {
        ByteWriter w = new ByteWriter(data.length + 8);
        w.u8(SEND_DATA_REQUEST << 2).u16be(userId - MCS_BASE_CHANNEL_ID).u16be(channelId);
        w.u8(0x70); // dataPriority high, segmentation begin|end
        Per.writeLength(w, data.length);
        w.bytes(data);
        return w.toByteArray();
    }

    /** rn-user-requested (3), the reason mstsc sends when the user disconnects. */
    public static byte[] disconnectProviderUltimatum() {
        return new byte[] {(byte) (DISCONNECT_PROVIDER_ULTIMATUM << 2 | 3 >> 1), (byte) ((3 & 1) << 7)};
    }

    public static Pdu parse(ByteReader r) throws RdpProtocolException {
        int b = r.u8("MCS PDU type");
        int type = b >> 2;
        if (type == SEND_DATA_INDICATION) {
            r.u16be("initiator");
            int channel = r.u16be("channelId");
            r.u8("dataPriority");
            int len = Per.readLength(r, "userData");
            return new SendData(channel, r.slice(len, "userData"));
        }
        if (type == DISCONNECT_PROVIDER_ULTIMATUM) {
            int reason = (b & 0x03) << 1 | (r.hasRemaining() ? r.u8("reason") >> 7 : 0);
            return new Disconnect(reason);
        }
        return new Other(type);
    }
}
