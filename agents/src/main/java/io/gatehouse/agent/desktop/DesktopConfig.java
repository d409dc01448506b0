package io.gatehouse.agent.desktop;

import io.gatehouse.rdp.RdpSettings;
import io.gatehouse.rdp.ServerTrust;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The desktops an agent serves, from its YAML (deploy/examples/agent.yaml, "desktops"). Each
 * allowed login names where its password comes from on the agent host — a file or an environment
 * variable — so the password is never in the config, never in auth, and never seen by the user —
 * and how the desktop's TLS certificate is verified before that password is sent ({@link DesktopTls}).
 */
public record DesktopConfig(String name, String host, int port, Map<String, String> labels,
        Map<String, Credential> logins, String domain, int colorDepth, ServerTrust trust,
        RdpSettings.Security security) {

    static final Set<String> KEYS = Set.of("name", "addr", "labels", "logins", "domain", "color_depth", "tls",
            "security");

    /** Where a login's password is read, when a session starts (so a rotated password needs no restart). */
    public record Credential(Optional<Path> file, Optional<String> env) {
        /** The password, or an explanation (without the password) of why there is none. */
        public String read(Function<String, String> environment) throws IOException {
            if (file.isPresent()) {
                String text = Files.readString(file.get());
                return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
            }
            String value = environment.apply(env.orElseThrow());
            if (value == null) {
                throw new IOException("environment variable " + env.get() + " is not set on the agent");
            }
            return value;
        }

        @Override
        public String toString() {
            return file.map(f -> "password_file " + f).orElseGet(() -> "password_env " + env.orElseThrow());
        }
    }

    public String addr() {
        return host + ":" + port;
    }

    /**
     * desktops: [{name, addr, labels, logins: {LOGIN: {password_file: F} | {password_env: V}}, domain, color_depth,
     * tls: {fingerprint: F | ca_file: F [server_name: N] | insecure_skip_verify: true}, security: nla|tls|negotiate}]
     */
    @SuppressWarnings("unchecked")
    public static List<DesktopConfig> parse(Path file, Object raw) {
        if (raw == null) {
            return List.of();
        }
        String example = "e.g. desktops: [{name: office, addr: 10.0.0.5:3389, tls: {fingerprint: \"sha256:AB:CD:...\"},"
                + " logins: {alice: {password_file: /etc/gatehouse/office-alice}}}]";
        if (!(raw instanceof List<?> list)) {
            throw new IllegalArgumentException(file + ": desktops must be a list; " + example);
        }
        List<DesktopConfig> out = new ArrayList<>();
        for (Object item : list) {
            if (!(item instanceof Map<?, ?> m)) {
                throw new IllegalArgumentException(file + ": each desktop must be a mapping; " + example);
            }
            DesktopConfig d = one(file, (Map<String, Object>) m, example);
            if (out.stream().anyMatch(o -> o.name().equals(d.name()))) {
                throw new IllegalArgumentException(file + ": desktop '" + d.name() + "' is listed twice");
            }
            out.add(d);
        }
        return List.copyOf(out);
    }

    @SuppressWarnings("unchecked")
    private static DesktopConfig one(Path file, Map<String, Object> m, String example) {
        m.keySet().stream().filter(k -> !KEYS.contains(k)).findFirst().ifPresent(k -> {
            throw new IllegalArgumentException(file + ": unknown desktop setting '" + k + "'; known: " + KEYS);
        });
        String name = String.valueOf(m.get("name"));
        if (m.get("name") == null || !name.matches("[a-z0-9]([a-z0-9.-]{0,61}[a-z0-9])?")) {
            throw new IllegalArgumentException(file + ": desktop name '" + name + "' must be lowercase letters, "
                    + "digits, '.' and '-' (like a host name); " + example);
        }
        String where = file + ": desktop '" + name + "'";
        String addr = String.valueOf(m.get("addr"));
        int colon = addr.lastIndexOf(':');
        String host = colon < 0 ? addr : addr.substring(0, colon);
        String port = colon < 0 ? "3389" : addr.substring(colon + 1);
        if (m.get("addr") == null || host.isBlank() || !port.matches("\\d{1,5}") || Integer.parseInt(port) > 65535) {
            throw new IllegalArgumentException(where + ": addr '" + addr + "' is not HOST or HOST:PORT");
        }
        Map<String, String> labels = new LinkedHashMap<>();
        if (m.get("labels") instanceof Map<?, ?> l) {
            l.forEach((k, v) -> labels.put(String.valueOf(k), String.valueOf(v)));
        } else if (m.get("labels") != null) {
            throw new IllegalArgumentException(where + ": labels must be a mapping of key: value");
        }
        if (!(m.get("logins") instanceof Map<?, ?> rawLogins) || rawLogins.isEmpty()) {
            throw new IllegalArgumentException(where + ": needs logins, each with where its password comes from; "
                    + example);
        }
        Map<String, Credential> logins = new LinkedHashMap<>();
        ((Map<String, Object>) rawLogins).forEach((login, source) -> logins.put(login, credential(where + " login '"
                + login + "'", source)));
        int depth = Integer.parseInt(String.valueOf(m.getOrDefault("color_depth", 32)));
        if (depth != 16 && depth != 24 && depth != 32) {
            throw new IllegalArgumentException(where + ": color_depth must be 16, 24 or 32");
        }
        return new DesktopConfig(name, host, Integer.parseInt(port), Map.copyOf(labels), Map.copyOf(logins),
                m.get("domain") == null ? "" : String.valueOf(m.get("domain")), depth,
                DesktopTls.trust(where, m.get("tls")), DesktopTls.security(where, m.get("security")));
    }

    private static Credential credential(String where, Object source) {
        if (source instanceof Map<?, ?> s && s.size() == 1 && s.get("password_file") != null) {
            return new Credential(Optional.of(Path.of(String.valueOf(s.get("password_file")))), Optional.empty());
        }
        if (source instanceof Map<?, ?> s && s.size() == 1 && s.get("password_env") != null) {
            return new Credential(Optional.empty(), Optional.of(String.valueOf(s.get("password_env"))));
        }
        // Deliberately no inline password: it would sit in a config file that is read, copied and logged.
        throw new IllegalArgumentException(where + " must say where its password is: {password_file: PATH} or "
                + "{password_env: VARIABLE} (a password written in the config is not accepted)");
    }
}
