package io.gatehouse.rdp.connection;

import io.gatehouse.rdp.RdpProtocolException;
import io.gatehouse.rdp.wire.ByteReader;
import java.security.SecureRandom;

/**
 * The server's licensing PDUs (MS-RDPBCGR 2.2.1.12, MS-RDPELE). Supported: an error alert with
 * STATUS_VALID_CLIENT (Windows without RDS licensing), an issued licence, and a License Request
 * answered with a New License Request, after which xrdp sends STATUS_VALID_CLIENT. A platform
 * challenge (real RDS licensing) would need the rest of MS-RDPELE and ends the connection.
 */
public final class Licensing {
    /** Basic security header flag: a licensing PDU follows. */
    public static final int SEC_LICENSE_PKT = 0x0080;
    private static final int LICENSE_REQUEST = 0x01;
    private static final int PLATFORM_CHALLENGE = 0x02;
    private static final int NEW_LICENSE = 0x03;
    private static final int UPGRADE_LICENSE = 0x04;
    private static final int ERROR_ALERT = 0xFF;
    private static final int STATUS_VALID_CLIENT = 0x07;

    private Licensing() {
    }

    /**
     * The outcome: licensing finished ({@code done}), or send {@code reply} and wait for more, or
     * a {@code problem} saying why the engine cannot go on.
     */
    public record Outcome(boolean done, byte[] reply, String problem) {
        static Outcome finished() {
            return new Outcome(true, null, null);
        }

        static Outcome failed(String problem) {
            return new Outcome(false, null, problem);
        }
    }

    /** Parses the licensing PDU that follows the security header. */
    public static Outcome parse(ByteReader r, String user, String clientName, SecureRandom random)
            throws RdpProtocolException {
        int type = r.u8("bMsgType");
        r.u8("flags");
        int size = r.u16le("wMsgSize");
        if (size < 4) {
            throw r.error("wMsgSize " + size + " is shorter than the preamble");
        }
        ByteReader msg = r.slice(Math.min(size - 4, r.remaining()), "licensing message");
        return switch (type) {
            case ERROR_ALERT -> errorAlert(msg);
            case NEW_LICENSE, UPGRADE_LICENSE -> Outcome.finished();
            case LICENSE_REQUEST -> new Outcome(false,
                    LicenseRequest.newLicenseRequest(LicenseRequest.parse(msg), user, clientName, random), null);
            case PLATFORM_CHALLENGE -> Outcome.failed("the desktop requires RDS client licensing (a platform"
                    + " challenge), which Gatehouse does not implement; turn RDS licensing off for this desktop");
            default -> Outcome.failed("the desktop sent licensing message 0x" + Integer.toHexString(type)
                    + ", which Gatehouse does not implement");
        };
    }

    private static Outcome errorAlert(ByteReader msg) throws RdpProtocolException {
        long code = msg.u32le("dwErrorCode");
        msg.u32le("dwStateTransition");
        if (code == STATUS_VALID_CLIENT) {
            return Outcome.finished();
        }
        return Outcome.failed("the desktop refused the client licence (licensing error 0x" + Long.toHexString(code)
                + ")");
    }
}
