package io.gatehouse.rdp.connection;

import io.gatehouse.rdp.RdpProtocolException;
import io.gatehouse.rdp.wire.ByteReader;
import io.gatehouse.rdp.wire.ByteWriter;
import java.nio.charset.StandardCharsets;

/** X.224 (ISO 8073 class 0) TPDUs as RDP uses them, with the RDP negotiation of MS-RDPBCGR 2.2.1.1-2.2.1.2. */
public final class X224 {
    public static final int PROTOCOL_RDP = 0;
    public static final int PROTOCOL_SSL = 1;
    public static final int PROTOCOL_HYBRID = 2;
    public static final int PROTOCOL_RDSTLS = 4;
    public static final int PROTOCOL_HYBRID_EX = 8;
    /** RDP_NEG_FAILURE code: the server wants TLS-only (2.2.1.2.2). */
    public static final int SSL_REQUIRED_BY_SERVER = 1;

    private static final int TPDU_CONNECTION_REQUEST = 0xE0;
    private static final int TPDU_CONNECTION_CONFIRM = 0xD0;
    private static final int TPDU_DATA = 0xF0;
    private static final int TPDU_DISCONNECT_REQUEST = 0x80;
    private static final int TYPE_RDP_NEG_REQ = 1;
    private static final int TYPE_RDP_NEG_RSP = 2;
    private static final int TYPE_RDP_NEG_FAILURE = 3;

    private X224() {
    }

    /** The server's answer: the protocol it picked, or the failure code of RDP_NEG_FAILURE (2.2.1.2.2). */
    public record Negotiation(int selectedProtocol, int failureCode) {
        public boolean failed() {
            return failureCode != 0;
        }
    }

    /**
     * Connection Request with routing cookie and RDP Negotiation Request (2.2.1.1). The cookie
     * ("Cookie: mstshash=user") only helps load balancers; it is cut to ASCII and 9 characters as
     * mstsc does.
     */
    public static byte[] connectionRequest(String user, int requestedProtocols) {
        String id = user.replaceAll("[^A-Za-z0-9._-]", "");
        byte[] cookie = ("Cookie: mstshash=" + id.substring(0, Math.min(9, id.length())) + "\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        ByteWriter w = new ByteWriter();
        w.u8(6 + cookie.length + 8).u8(TPDU_CONNECTION_REQUEST).u16be(0).u16be(0).u8(0);
        w.bytes(cookie);
        w.u8(TYPE_RDP_NEG_REQ).u8(0).u16le(8).u32le(requestedProtocols);
        return w.toByteArray();
    }

    public static Negotiation parseConnectionConfirm(byte[] tpdu) throws RdpProtocolException {
        ByteReader r = new ByteReader(tpdu, "X.224 Connection Confirm");
        int li = r.u8("length indicator");
        int code = r.u8("TPDU code");
        if ((code & 0xF0) != TPDU_CONNECTION_CONFIRM) {
            throw r.error("TPDU code 0x" + Integer.toHexString(code) + " is not a Connection Confirm");
        }
        if (li < 6) {
            throw r.error("length indicator " + li + " is shorter than the fixed part");
        }
        r.skip(5, "references and class");
        if (li == 6 || r.remaining() < 8) {
            return new Negotiation(PROTOCOL_RDP, 0); // an old server that does not negotiate: standard RDP security
        }
        int type = r.u8("negotiation type");
        r.u8("negotiation flags");
        r.expect(r.u16le("negotiation length"), 8, "negotiation length");
        int value = r.i32le("negotiation value");
        return switch (type) {
            case TYPE_RDP_NEG_RSP -> new Negotiation(value, 0);
            case TYPE_RDP_NEG_FAILURE -> new Negotiation(-1, Math.max(1, value));
            default -> throw r.error("negotiation type " + type + " is neither a response nor a failure");
        };
    }

    /** What a person should read for an RDP_NEG_FAILURE code (2.2.1.2.2). */
    public static String failureMessage(int code) {
        return switch (code) {
            case 1 -> "the desktop requires TLS security, which was requested but refused (SSL_REQUIRED_BY_SERVER)";
            case 2 -> "the desktop does not allow TLS security (SSL_NOT_ALLOWED_BY_SERVER); it accepts only standard RDP"
                    + " security, which Gatehouse does not support";
            case 3 -> "the desktop has no TLS certificate configured (SSL_CERT_NOT_ON_SERVER)";
            case 4 -> "the desktop found the requested security protocols inconsistent (INCONSISTENT_FLAGS)";
            case 5 -> "the desktop requires Network Level Authentication (HYBRID_REQUIRED_BY_SERVER)";
            case 6 -> "the desktop requires TLS with user authentication (SSL_WITH_USER_AUTH_REQUIRED_BY_SERVER)";
            default -> "the desktop refused the security negotiation (failure code " + code + ")";
        };
    }

    /** A Data TPDU around an MCS PDU. */
    public static byte[] data(byte[] mcs) {
        byte[] out = new byte[mcs.length + 3];
        out[0] = 2;
        out[1] = (byte) TPDU_DATA;
        out[2] = (byte) 0x80; // EOT: RDP never splits an MCS PDU over several TPDUs
        System.arraycopy(mcs, 0, out, 3, mcs.length);
        return out;
    }

    /** The MCS PDU inside a Data TPDU, or null for a Disconnect Request TPDU (the server hung up). */
    public static ByteReader unwrapData(byte[] tpdu) throws RdpProtocolException {
        ByteReader r = new ByteReader(tpdu, "X.224 Data");
        int li = r.u8("length indicator");
        int code = r.u8("TPDU code");
        if ((code & 0xF0) == TPDU_DISCONNECT_REQUEST) {
            return null;
        }
        if ((code & 0xF0) != TPDU_DATA || li < 2) {
            throw r.error("TPDU code 0x" + Integer.toHexString(code) + " is not a Data TPDU");
        }
        r.skip(li - 1, "header");
        return r.rest("MCS PDU");
    }
}
