package io.gatehouse.auth.inventory;

import io.gatehouse.shared.cert.HostIdentity;
import java.util.Optional;

/**
 * Where a node may say the proxy can dial it. Never on the node's word alone: its certificate
 * carries the address auth pinned at join — "IP:port" an admin wrote on the join token (the
 * node must announce exactly that), or the bare IP it joined from (the node chooses only the
 * port). A node with no pinned address is reached through its tunnel only.
 */
final class DirectAddress {
    private DirectAddress() {
    }

    /** Why {@code host} may not announce {@code addr}; empty when it may ("" always may). */
    static Optional<String> problem(HostIdentity host, String addr) {
        if (addr.isEmpty()) {
            return Optional.empty();
        }
        String pinned = host.pinnedAddr();
        String shown = io.gatehouse.shared.audit.SafeText.of(addr);
        if (pinned.isEmpty()) {
            return Optional.of("node '" + host.nodeName() + "' may not announce a direct address (" + shown + "): "
                    + "it joined without one; run it in tunnel mode, or join it with a token made by "
                    + "gatectl tokens add --type=node --addr=IP:PORT");
        }
        int colon = addr.lastIndexOf(':');
        String hostPart = colon > 0 ? addr.substring(0, colon).replace("[", "").replace("]", "") : "";
        String port = colon > 0 ? addr.substring(colon + 1) : "";
        boolean pinnedWithPort = pinned.matches("(\\d{1,3}(\\.\\d{1,3}){3}|\\[[^]]+]):\\d{1,5}");
        boolean ok = pinnedWithPort ? pinned.equals(addr)
                : hostPart.equalsIgnoreCase(pinned) && port.matches("\\d{1,5}") && Integer.parseInt(port) > 0
                && Integer.parseInt(port) < 65536;
        return ok ? Optional.empty() : Optional.of("node '" + host.nodeName() + "' announced the address " + shown
                + ", but it may be dialled only at " + (pinnedWithPort ? pinned : pinned + ":<port>")
                + " (pinned when it joined); fix ssh_advertise in its configuration");
    }
}
