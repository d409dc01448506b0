package io.gatehouse.proxy.nodes;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether the proxy may dial a direct-mode node's address from auth's inventory. Auth stores only
 * addresses pinned at join, and this is the proxy's own second line: an IP literal (no name to
 * resolve, so nothing can re-point it later), and never the proxy host's loopback, a link-local
 * address (169.254.169.254 is the cloud metadata service), the unspecified address or multicast.
 */
final class DialableAddress {
    private static final Pattern FORM = Pattern.compile("(\\d{1,3}(?:\\.\\d{1,3}){3}|\\[[0-9A-Fa-f:.]+])"
            + ":(\\d{1,5})");

    /** An address the proxy dials, or why it never will. */
    record Result(Optional<InetSocketAddress> address, String problem) {
    }

    private DialableAddress() {
    }

    static Result of(String addr) {
        if (addr == null || addr.isBlank()) {
            return new Result(Optional.empty(), "");
        }
        Matcher m = FORM.matcher(addr.trim());
        if (!m.matches() || Integer.parseInt(m.group(2)) < 1 || Integer.parseInt(m.group(2)) > 65535) {
            return refused(addr, "is not an IP:port literal");
        }
        InetAddress ip;
        try {
            String literal = m.group(1).replace("[", "").replace("]", "");
            if (!literal.contains(":") && java.util.Arrays.stream(literal.split("\\.")).anyMatch(o ->
                    Integer.parseInt(o) > 255)) {
                return refused(addr, "is not an IP address");
            }
            ip = InetAddress.getByName(literal); // a literal (checked above): parsed, never looked up
        } catch (UnknownHostException e) {
            return refused(addr, "is not an IP address");
        }
        if (ip.isLoopbackAddress()) {
            return refused(addr, "is the proxy host's own loopback");
        }
        if (ip.isLinkLocalAddress()) {
            return refused(addr, "is link-local (where cloud metadata services answer)");
        }
        if (ip.isAnyLocalAddress() || ip.isMulticastAddress() || ip.getAddress()[0] == 0) {
            return refused(addr, "is not a unicast host address");
        }
        return new Result(Optional.of(new InetSocketAddress(ip, Integer.parseInt(m.group(2)))), "");
    }

    private static Result refused(String addr, String why) {
        String shown = io.gatehouse.shared.audit.SafeText.of(addr);
        return new Result(Optional.empty(), "its announced address " + shown + " " + why
                + ", which the proxy never dials; serve it through a tunnel");
    }
}
