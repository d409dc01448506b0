package io.gatehouse.rdp.nla;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The desktop refused the credential during Network Level Authentication: it answered the NTLM
 * AUTHENTICATE message with a CredSSP errorCode (MS-CSSP 2.2.1, an NTSTATUS), or, as servers
 * speaking CredSSP 2 do, simply closed the connection. The message is for a person and names
 * the account, never the password.
 */
public final class LogonRefusedException extends IOException {
    /** MS-ERREF 2.3.1 NTSTATUS values a logon can end with, and what a person should do about each. */
    private static final Map<Long, String[]> STATUSES = Map.ofEntries(
            status(0xC000006DL, "STATUS_LOGON_FAILURE", "check the password configured on the agent"),
            status(0xC000006AL, "STATUS_WRONG_PASSWORD", "check the password configured on the agent"),
            status(0xC0000064L, "STATUS_NO_SUCH_USER", "check the user name and domain configured on the agent"),
            status(0xC000006EL, "STATUS_ACCOUNT_RESTRICTION", "the account may not log on this way (empty password?)"),
            status(0xC000006FL, "STATUS_INVALID_LOGON_HOURS", "the account may not log on at this time"),
            status(0xC0000070L, "STATUS_INVALID_WORKSTATION", "the account may not log on from this computer"),
            status(0xC0000071L, "STATUS_PASSWORD_EXPIRED", "the password has expired; set a new one on the desktop"),
            status(0xC0000072L, "STATUS_ACCOUNT_DISABLED", "the account is disabled on the desktop"),
            status(0xC0000193L, "STATUS_ACCOUNT_EXPIRED", "the account has expired on the desktop"),
            status(0xC0000224L, "STATUS_PASSWORD_MUST_CHANGE", "the password must be changed on the desktop first"),
            status(0xC0000234L, "STATUS_ACCOUNT_LOCKED_OUT", "the account is locked out; wait or ask an administrator"),
            status(0xC000015BL, "STATUS_LOGON_TYPE_NOT_GRANTED",
                    "the account lacks the right to log on through Remote Desktop Services"));

    private final OptionalLong status;

    private LogonRefusedException(String message, OptionalLong status) {
        super(message);
        this.status = status;
    }

    /** The server's NTSTATUS, or empty if it refused by closing the connection. */
    public OptionalLong status() {
        return status;
    }

    /** The NTSTATUS name (such as STATUS_LOGON_FAILURE), if the server sent a status we know. */
    public Optional<String> statusName() {
        return status.isPresent() ? Optional.ofNullable(STATUSES.get(status.getAsLong())).map(s -> s[0])
                : Optional.empty();
    }

    static LogonRefusedException withStatus(String domain, String user, long ntStatus) {
        String[] known = STATUSES.get(ntStatus);
        String name = known != null ? known[0] : String.format("NTSTATUS 0x%08X", ntStatus);
        String hint = known != null ? known[1] : "check the credential configured on the agent";
        return new LogonRefusedException(
                "the desktop refused the credential for '" + account(domain, user) + "' (" + name + "); " + hint,
                OptionalLong.of(ntStatus));
    }

    static LogonRefusedException byClosing(String domain, String user) {
        return new LogonRefusedException("the desktop refused the credential for '" + account(domain, user)
                + "' (it closed the connection after the NTLM AUTHENTICATE message);"
                + " check the password configured on the agent", OptionalLong.empty());
    }

    static boolean isLogonStatus(long ntStatus) {
        return STATUSES.containsKey(ntStatus);
    }

    private static String account(String domain, String user) {
        return domain.isEmpty() ? user : domain + "\\" + user;
    }

    private static Map.Entry<Long, String[]> status(long code, String name, String hint) {
        return Map.entry(code, new String[] {name, hint});
    }
}
