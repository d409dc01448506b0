package io.gatehouse.auth.join;

import io.gatehouse.shared.audit.SafeText;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a joiner may ask for: a node name and extra certificate names within what its token allows,
 * never a host id (auth chooses those), and never a name that would let its certificate pass for
 * something else — "localhost", an IP, a name under the cluster's own domain, another host's id.
 * Pure rules: the caller checks separately that the name is not held by a live node.
 */
final class JoinPolicy {
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
    private static final Pattern UUID_LIKE = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-"
            + "[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final java.util.Set<String> RESERVED = java.util.Set.of("proxy", "auth");
    private static final Pattern GLOB = Pattern.compile("[A-Za-z0-9*.-]{1,253}");

    private JoinPolicy() {
    }

    /** Why the joiner may not have {@code name} (and {@code extra} names), or empty when it may. */
    static Optional<String> refusal(String name, String hostId, List<String> extra, List<String> allowedNames,
            String clusterName) {
        if (hostId != null && !hostId.isBlank()) {
            return Optional.of("a joining agent may not choose its host id ('" + hostId + "'): the cluster assigns "
                    + "one; leave host_id out");
        }
        Optional<String> bad = badName(name, "node name", clusterName);
        if (bad.isPresent()) {
            return bad;
        }
        if (!allowedNames.isEmpty() && allowedNames.stream().noneMatch(glob -> matches(glob, name))) {
            return Optional.of("this join token allows the node names " + allowedNames + ", not '" + name + "'");
        }
        for (String e : extra) {
            Optional<String> badExtra = badName(e, "extra name", clusterName);
            if (badExtra.isPresent()) {
                return badExtra;
            }
            if (allowedNames.stream().noneMatch(glob -> matches(glob, e))) {
                return Optional.of("this join token allows no extra name '" + e + "' (it allows "
                        + (allowedNames.isEmpty() ? "none" : allowedNames.toString()) + "); create a token with "
                        + "gatectl tokens add --names=... to allow it");
            }
        }
        return Optional.empty();
    }

    /** Why {@code name} can never be a node's name, whatever the token says. */
    static Optional<String> badName(String name, String what, String clusterName) {
        String n = name == null ? "" : name.trim();
        if (n.isEmpty() || n.length() > 253 || !List.of(n.split("\\.", -1)).stream().allMatch(l ->
                LABEL.matcher(l).matches())) {
            return Optional.of(what + " '" + SafeText.of(n) + "' is not a DNS name (letters, digits and '-', labels "
                    + "separated by '.')");
        }
        String lower = n.toLowerCase(java.util.Locale.ROOT);
        if (lower.equals("localhost") || lower.endsWith(".localhost")) {
            return Optional.of(what + " '" + n + "' is reserved for the local machine; choose another");
        }
        if (isIpLiteral(n)) {
            return Optional.of(what + " '" + n + "' is an IP address; nodes are named, and reached through the "
                    + "cluster");
        }
        // A node named like the cluster is fine ("vm" in cluster "vm": its names are vm and vm.vm);
        // one named under the cluster's domain, or "proxy"/"auth", would answer to the names gate
        // and the cluster give the proxy and auth (proxy.CLUSTER is gate's ssh_config alias).
        if (RESERVED.contains(lower)) {
            return Optional.of(what + " '" + n + "' is reserved for the cluster's own services; choose another");
        }
        if (lower.endsWith("." + clusterName.toLowerCase(java.util.Locale.ROOT))) {
            return Optional.of(what + " '" + n + "' lies in the cluster's own domain '" + clusterName
                    + "'; give the plain node name");
        }
        if (UUID_LIKE.matcher(n).matches()) {
            return Optional.of(what + " '" + n + "' looks like a host id; choose a name that does not");
        }
        return Optional.empty();
    }

    /** An admin's name patterns for a token: DNS characters and '*'. */
    static Optional<String> badGlob(String glob) {
        return GLOB.matcher(glob).matches() ? Optional.empty() : Optional.of("name pattern '" + SafeText.of(glob)
                + "' may hold only letters, digits, '-', '.' and '*'");
    }

    static boolean matches(String glob, String name) {
        StringBuilder regex = new StringBuilder();
        for (char c : glob.toLowerCase(java.util.Locale.ROOT).toCharArray()) {
            regex.append(c == '*' ? "[a-z0-9-]*" : Pattern.quote(String.valueOf(c)));
        }
        return name.toLowerCase(java.util.Locale.ROOT).matches(regex.toString());
    }

    /** Digits and dots only (an IPv4 address, or something a resolver might read as one). */
    static boolean isIpLiteral(String s) {
        return s.matches("[0-9.]+");
    }

    /**
     * An admin's pinned address for a direct-mode node: "IPv4:port" or "[IPv6]:port", a literal
     * (no DNS name the proxy would have to resolve later, possibly to something else).
     */
    static Optional<String> badPinnedAddr(String addr) {
        java.util.regex.Matcher m = Pattern.compile("(\\d{1,3}(?:\\.\\d{1,3}){3}|\\[[0-9A-Fa-f:.]+])"
                + ":(\\d{1,5})").matcher(addr);
        if (!m.matches() || Integer.parseInt(m.group(2)) < 1 || Integer.parseInt(m.group(2)) > 65535) {
            return Optional.of("address '" + SafeText.of(addr) + "' is not IP:port (e.g. 10.0.0.5:3022 or [fd00::5]:3022)");
        }
        if (!m.group(1).startsWith("[")) {
            boolean octets = java.util.Arrays.stream(m.group(1).split("\\.")).allMatch(o -> Integer.parseInt(o) < 256);
            return octets ? Optional.empty() : Optional.of("address '" + SafeText.of(addr) + "' holds no valid IP address");
        }
        try {
            // An IPv6 literal (checked above): parsed, never looked up.
            InetAddress.getByName(m.group(1).replace("[", "").replace("]", ""));
            return Optional.empty();
        } catch (java.net.UnknownHostException e) {
            return Optional.of("address '" + SafeText.of(addr) + "' holds no valid IP address");
        }
    }

}
