package io.gatehouse.agent.desktop;

import io.gatehouse.rdp.RdpSettings;
import io.gatehouse.rdp.ServerTrust;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A desktop's {@code tls:} and {@code security:} settings: how the agent knows the desktop from an
 * impostor before it sends the password, and whether NLA is required. There is no default for
 * {@code tls:}: without it the agent would hand the password to whoever answers at the address.
 */
final class DesktopTls {
    static final Set<String> KEYS = Set.of("fingerprint", "ca_file", "server_name", "insecure_skip_verify");

    private DesktopTls() {
    }

    /** {@code where} is "FILE: desktop 'NAME'", for messages. */
    static ServerTrust trust(String where, Object raw) {
        if (raw == null) {
            throw new IllegalArgumentException(where + " has no tls setting, so the agent cannot tell the desktop from"
                    + " an impostor and will not send it a password. Add one of: " + options());
        }
        if (!(raw instanceof Map<?, ?> m) || m.isEmpty()) {
            throw new IllegalArgumentException(where + ": tls must be a mapping, one of: " + options());
        }
        m.keySet().stream().map(String::valueOf).filter(k -> !KEYS.contains(k)).findFirst().ifPresent(k -> {
            throw new IllegalArgumentException(where + ": unknown tls setting '" + k + "'; one of: " + options());
        });
        List<String> kinds = m.keySet().stream().map(String::valueOf).filter(k -> !k.equals("server_name")).toList();
        if (kinds.size() != 1) {
            throw new IllegalArgumentException(where + ": tls takes exactly one of fingerprint, ca_file and"
                    + " insecure_skip_verify; one of: " + options());
        }
        if (m.containsKey("server_name") && !m.containsKey("ca_file")) {
            throw new IllegalArgumentException(where + ": tls.server_name only goes with tls.ca_file (it is the name"
                    + " the desktop's certificate must hold)");
        }
        String kind = kinds.get(0);
        Object value = m.get(kind);
        if (value == null) {
            throw new IllegalArgumentException(where + ": tls." + kind + " has no value; one of: " + options());
        }
        return switch (kind) {
            case "fingerprint" -> fingerprint(where, value);
            case "ca_file" -> caFile(where, value, Optional.ofNullable(m.get("server_name")).map(String::valueOf));
            default -> {
                if (!Boolean.TRUE.equals(value)) {
                    throw new IllegalArgumentException(where + ": tls.insecure_skip_verify must be true if given (pin"
                            + " the desktop's certificate instead); one of: " + options());
                }
                yield new ServerTrust.InsecureSkipVerify();
            }
        };
    }

    private static ServerTrust caFile(String where, Object file, Optional<String> serverName) {
        try {
            return ServerTrust.caFile(Path.of(String.valueOf(file)), serverName);
        } catch (IOException e) {
            throw new IllegalArgumentException(where + ": tls.ca_file: " + e.getMessage(), e);
        }
    }

    private static ServerTrust fingerprint(String where, Object value) {
        // A list pins several: the old and the new certificate while a desktop's certificate is replaced.
        List<String> texts = value instanceof List<?> l ? l.stream().map(String::valueOf).toList()
                : List.of(String.valueOf(value));
        try {
            return ServerTrust.fingerprints(texts);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": tls.fingerprint " + e.getMessage(), e);
        }
    }

    /** {@code security: negotiate | nla | tls}; negotiate when absent. */
    static RdpSettings.Security security(String where, Object raw) {
        String value = raw == null ? "negotiate" : String.valueOf(raw).toLowerCase(Locale.ROOT);
        return switch (value) {
            case "negotiate" -> RdpSettings.Security.NEGOTIATE;
            case "nla" -> RdpSettings.Security.NLA;
            case "tls" -> RdpSettings.Security.TLS;
            default -> throw new IllegalArgumentException(where + ": security '" + raw + "' is not one of nla (require"
                    + " Network Level Authentication), tls (TLS only, e.g. xrdp) or negotiate (the default: whichever"
                    + " the desktop picks)");
        };
    }

    private static String options() {
        return "tls: {fingerprint: \"sha256:AB:CD:...\"} (the desktop's certificate, pinned: 'openssl x509 -noout"
                + " -fingerprint -sha256 -in CERT' on the desktop), tls: {ca_file: PATH} (the CA that issued the"
                + " desktop's certificate; add server_name: NAME if the certificate names the desktop otherwise than"
                + " its addr), or, only for a throw-away lab, tls: {insecure_skip_verify: true}";
    }
}
