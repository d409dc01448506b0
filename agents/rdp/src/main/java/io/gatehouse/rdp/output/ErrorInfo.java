package io.gatehouse.rdp.output;

/**
 * Set Error Info PDU codes (MS-RDPBCGR 2.2.5.1.1) in words a person understands. The server sends
 * one before it disconnects; 0 (ERRINFO_NONE) means "no error".
 */
public final class ErrorInfo {
    public static final int NONE = 0;

    private ErrorInfo() {
    }

    /** True for codes that mean the session ended normally (logoff, disconnect by the user or an admin). */
    public static boolean isNormalEnd(long code) {
        return code == 0x1 || code == 0x2 || code == 0x5 || code == 0xB || code == 0xC;
    }

    /** True for codes that say the credential was not accepted. */
    public static boolean isLogonFailure(long code) {
        return code == 0x7 || code == 0x9 || code == 0xA || code == 0x4;
    }

    public static String message(long code) {
        String text = switch ((int) code) {
            case 0x1 -> "an administrator disconnected the session";
            case 0x2 -> "an administrator logged the session off";
            case 0x3 -> "the session was idle for longer than the desktop allows";
            case 0x4 -> "the logon took longer than the desktop allows";
            case 0x5 -> "another connection took over the session";
            case 0x6 -> "the desktop ran out of memory";
            case 0x7 -> "the desktop denied the connection";
            case 0x9 -> "the user has no right to log on to this desktop remotely";
            case 0xA -> "the desktop requires fresh credentials";
            case 0xB -> "the session was disconnected by the user from the desktop";
            case 0xC -> "the user logged off";
            case 0xF -> "the desktop closed the session (DWM crashed)";
            case 0x10 -> "the desktop did not start the session in time";
            case 0x11, 0x12 -> "the session process on the desktop failed";
            case 0x14 -> "the desktop's session host is shutting down";
            case 0x100, 0x101, 0x102, 0x103, 0x104, 0x105, 0x106, 0x107, 0x108, 0x109, 0x10A ->
                "the desktop's RDS licensing failed";
            case 0x400 -> "the connection broker found no destination for the session";
            default -> null;
        };
        if (text != null) {
            return text + " (error info 0x" + Long.toHexString(code) + ")";
        }
        if (code >= 0x10C9 && code <= 0x1200) {
            return "the desktop found a protocol error in what the client sent (error info 0x" + Long.toHexString(code)
                    + ")";
        }
        return "the desktop ended the session (error info 0x" + Long.toHexString(code) + ")";
    }
}
