package io.gatehouse.rdp.connection;

import io.gatehouse.rdp.RdpProtocolException;
import io.gatehouse.rdp.wire.Ber;
import io.gatehouse.rdp.wire.ByteReader;
import io.gatehouse.rdp.wire.ByteWriter;
import io.gatehouse.rdp.wire.Per;
import java.util.Arrays;

/**
 * MCS Connect Initial / Connect Response (T.125, BER) carrying the T.124 GCC Conference Create
 * Request / Response (PER), MS-RDPBCGR 2.2.1.3 and 2.2.1.4.
 */
public final class McsConnect {
    private static final int CONNECT_INITIAL = 101;
    private static final int CONNECT_RESPONSE = 102;
    /** ConnectData::key = object identifier { itu-t recommendation t 124 version(0) 1 }. */
    private static final byte[] T124_KEY = {0x00, 0x05, 0x00, 0x14, 0x7C, 0x00, 0x01};
    /**
     * ConnectGCCPDU conferenceCreateRequest: conferenceName "1", no password, userData with one
     * h221NonStandard key "Duca" (client to server), MS-RDPBCGR 4.1.3.
     */
    private static final byte[] CCR_HEADER = {0x00, 0x08, 0x00, 0x10, 0x00, 0x01, (byte) 0xC0, 0x00, 'D', 'u', 'c', 'a'};
    private static final byte[] SERVER_H221_KEY = {'M', 'c', 'D', 'n'};

    private McsConnect() {
    }

    public static byte[] connectInitial(byte[] clientDataBlocks) {
        ByteWriter gcc = new ByteWriter(clientDataBlocks.length + 32);
        gcc.bytes(T124_KEY);
        Per.writeLength(gcc, CCR_HEADER.length + (clientDataBlocks.length < 0x80 ? 1 : 2) + clientDataBlocks.length);
        gcc.bytes(CCR_HEADER);
        Per.writeLength(gcc, clientDataBlocks.length);
        gcc.bytes(clientDataBlocks);

        ByteWriter body = new ByteWriter(gcc.length() + 128);
        Ber.writeTlv(body, Ber.OCTET_STRING, new byte[] {1}); // callingDomainSelector
        Ber.writeTlv(body, Ber.OCTET_STRING, new byte[] {1}); // calledDomainSelector
        Ber.writeTlv(body, Ber.BOOLEAN, new byte[] {(byte) 0xFF}); // upwardFlag
        domainParameters(body, 34, 2, 0, 1, 0, 1, 0xFFFF, 2); // target
        domainParameters(body, 1, 1, 1, 1, 0, 1, 0x420, 2); // minimum
        domainParameters(body, 0xFFFF, 0xFC17, 0xFFFF, 1, 0, 1, 0xFFFF, 2); // maximum
        Ber.writeTlv(body, Ber.OCTET_STRING, gcc.toByteArray());

        ByteWriter w = new ByteWriter(body.length() + 8);
        w.u8(0x7F).u8(CONNECT_INITIAL);
        Ber.writeLength(w, body.length());
        w.bytes(body.toByteArray());
        return w.toByteArray();
    }

    private static void domainParameters(ByteWriter w, int... values) {
        ByteWriter seq = new ByteWriter();
        for (int v : values) {
            Ber.writeInteger(seq, v);
        }
        Ber.writeTlv(w, Ber.SEQUENCE, seq.toByteArray());
    }

    /** Parses the Connect Response; a non-successful MCS result is a protocol error naming the result. */
    public static ServerData parseConnectResponse(ByteReader r) throws RdpProtocolException {
        int len = Ber.readApplicationTag(r, CONNECT_RESPONSE, "MCS Connect Response");
        ByteReader body = r.slice(Math.min(len, r.remaining()), "body");
        int result = Ber.readEnumerated(body, "result");
        if (result != 0) {
            throw body.error("the server refused the MCS connection (result " + result + ")");
        }
        Ber.readInteger(body, "calledConnectId");
        body.skip(Ber.readTag(body, Ber.SEQUENCE, "domainParameters"), "domainParameters");
        int udLen = Ber.readTag(body, Ber.OCTET_STRING, "userData");
        return parseConferenceCreateResponse(body.slice(udLen, "userData"));
    }

    /** T.124 ConnectData with a conferenceCreateResponse whose user data is the server data blocks. */
    static ServerData parseConferenceCreateResponse(ByteReader r) throws RdpProtocolException {
        byte[] key = r.bytes(T124_KEY.length, "GCC key");
        if (!Arrays.equals(key, T124_KEY)) {
            throw r.error("GCC key is not the T.124 object identifier");
        }
        Per.readLength(r, "connectPDU");
        int choice = r.u8("ConnectGCCPDU choice");
        r.expect(choice, 0x14, "ConnectGCCPDU choice (conferenceCreateResponse)");
        r.u16be("nodeID");
        r.skip(r.u8("tag length"), "tag");
        int result = r.u8("result");
        if (result != 0) {
            throw r.error("the server refused the GCC conference (result " + result + ")");
        }
        r.u8("userData count");
        r.u8("userData choice");
        int keyLen = r.u8("h221NonStandard length") + 4; // PER: octet string of at least 4
        byte[] h221 = r.bytes(keyLen, "h221NonStandard key");
        if (!Arrays.equals(h221, SERVER_H221_KEY)) {
            throw r.error("h221NonStandard key is not McDn");
        }
        int blocksLen = Per.readLength(r, "server data");
        return ServerData.parse(r.slice(blocksLen, "server data"));
    }
}
