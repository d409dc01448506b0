package io.gatehouse.cli.gate;

import io.gatehouse.cli.apiclient.CliException;
import io.gatehouse.cli.apiclient.ExitCodes;
import io.gatehouse.shared.cert.Keys;
import java.util.regex.Pattern;

/**
 * Checks what a server supplied before gate writes it into an OpenSSH file (ssh_config,
 * known_hosts): names must be DNS names or plain user names, keys must parse as keys. A refusal
 * names the value (made printable) and says the proxy may not be the one the user meant.
 */
final class OpenSshNames {
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
    private static final Pattern IP = Pattern.compile("[0-9.]+|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");
    private static final Pattern USER = Pattern.compile("[A-Za-z0-9._@+-]{1,128}");

    private OpenSshNames() {
    }

    static void requireDnsName(String name, String what) {
        boolean ok = name != null && !name.isEmpty() && name.length() <= 253 && (IP.matcher(name).matches()
                || java.util.Arrays.stream(name.split("\\.", -1)).allMatch(l -> LABEL.matcher(l).matches()));
        if (!ok) {
            throw refused(what, name);
        }
    }

    static void requireUserName(String user) {
        if (user == null || !USER.matcher(user).matches()) {
            throw refused("user name", user);
        }
    }

    /** The key re-encoded from its parsed form, so nothing but a key reaches known_hosts. */
    static String publicKey(String line) {
        try {
            return Keys.toOpenSshPublicKey(Keys.parseOpenSshPublicKey(line.strip()));
        } catch (RuntimeException e) {
            throw refused("host CA key", line);
        }
    }

    private static CliException refused(String what, String value) {
        String shown = io.gatehouse.shared.audit.SafeText.of(value);
        return new CliException(ExitCodes.ERROR, "the proxy sent a " + what + " that is not safe to write into an "
                + "OpenSSH file ('" + shown + "'); nothing was written. Check that --proxy names your cluster's proxy");
    }
}
