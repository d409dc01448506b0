package io.gatehouse.rdp.output;

import io.gatehouse.rdp.RdpProtocolException;
import io.gatehouse.rdp.wire.ByteReader;

/**
 * Save Session Info PDU (MS-RDPBCGR 2.2.10.1): a logon notification (types 0-2), or extended logon
 * info that may carry a logon error (2.2.10.1.1.4.1.1) — Windows' way of saying the auto-logon
 * credential was refused while it shows its own logon screen.
 */
public record SessionInfo(long infoType, boolean hasLogonError, long errorType, long errorData) {
    public static final long LOGON = 0;
    public static final long LOGON_LONG = 1;
    public static final long PLAIN_NOTIFY = 2;
    public static final long LOGON_EXTENDED = 3;
    private static final long LOGON_EX_AUTORECONNECTCOOKIE = 0x1;
    private static final long LOGON_EX_LOGONERRORS = 0x2;
    private static final long LOGON_MSG_SESSION_CONTINUE = 0xFFFFFFFEL;
    private static final long LOGON_WARNING = 0x3;

    /** A logon notification: the user is logged on. */
    public boolean isLogon() {
        return infoType == LOGON || infoType == LOGON_LONG || infoType == PLAIN_NOTIFY;
    }

    /** The server reports a failed logon (bad password, password to update, other) and shows its logon screen. */
    public boolean isLogonFailure() {
        return hasLogonError && errorType == LOGON_MSG_SESSION_CONTINUE && errorData < LOGON_WARNING;
    }

    public static SessionInfo parse(ByteReader r) throws RdpProtocolException {
        long type = r.u32le("infoType");
        if (type != LOGON_EXTENDED) {
            return new SessionInfo(type, false, 0, 0);
        }
        r.u16le("Length");
        long fields = r.u32le("FieldsPresent");
        if ((fields & LOGON_EX_AUTORECONNECTCOOKIE) != 0) {
            r.skip(r.i32le("cbFieldData (auto-reconnect)"), "auto-reconnect cookie");
        }
        if ((fields & LOGON_EX_LOGONERRORS) != 0) {
            r.i32le("cbFieldData (logon errors)");
            long errorType = r.u32le("ErrorNotificationType");
            long errorData = r.u32le("ErrorNotificationData");
            return new SessionInfo(type, true, errorType, errorData);
        }
        return new SessionInfo(type, false, 0, 0);
    }
}
