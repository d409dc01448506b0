package io.gatehouse.agent.db;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads agent.yaml's {@code databases:} section into {@link DatabaseConfig}s, checked at the
 * Database Service's start: a mistake names the entry and the field, and fails this service only.
 */
public final class DatabasesConfig {
    static final Set<String> KEYS = Set.of("name", "protocol", "uri", "labels", "tls", "auth");
    static final Set<String> PROTOCOLS = Set.of("postgres", "mysql");
    private static final String EXAMPLE = "e.g. databases: [{name: orders-db, protocol: postgres, uri: "
            + "127.0.0.1:5432, auth: certificate}]";

    private DatabasesConfig() {
    }

    @SuppressWarnings("unchecked")
    public static List<DatabaseConfig> parse(Path file, Object raw) {
        if (raw == null) {
            return List.of();
        }
        if (!(raw instanceof List<?> list)) {
            throw new IllegalArgumentException(file + ": databases must be a list; " + EXAMPLE);
        }
        List<DatabaseConfig> out = new ArrayList<>();
        for (Object item : list) {
            if (!(item instanceof Map<?, ?> m)) {
                throw new IllegalArgumentException(file + ": each database must be a mapping; " + EXAMPLE);
            }
            DatabaseConfig d = one(file, (Map<String, Object>) m);
            if (out.stream().anyMatch(o -> o.name().equals(d.name()))) {
                throw new IllegalArgumentException(file + ": database '" + d.name() + "' is listed twice");
            }
            out.add(d);
        }
        return List.copyOf(out);
    }

    private static DatabaseConfig one(Path file, Map<String, Object> m) {
        Object rawName = m.get("name");
        String name = String.valueOf(rawName);
        if (rawName == null || !name.matches("[a-z0-9]([a-z0-9.-]{0,61}[a-z0-9])?")) {
            throw new IllegalArgumentException(file + ": database name '" + name + "' must be lowercase letters, "
                    + "digits, '.' and '-' (like a host name); " + EXAMPLE);
        }
        String where = file + ": database '" + name + "'";
        m.keySet().stream().filter(k -> !KEYS.contains(k)).findFirst().ifPresent(k -> {
            throw new IllegalArgumentException(where + ": unknown setting '" + k + "'; known: " + KEYS);
        });
        String protocol = String.valueOf(m.get("protocol"));
        if (!PROTOCOLS.contains(protocol)) {
            throw new IllegalArgumentException(where + ": protocol must be postgres or mysql (MariaDB too), not '"
                    + protocol + "'");
        }
        String uri = String.valueOf(m.get("uri"));
        int colon = uri.lastIndexOf(':');
        String host = colon <= 0 ? "" : uri.substring(0, colon).replaceAll("^\\[(.*)]$", "$1");
        String port = colon < 0 ? "" : uri.substring(colon + 1);
        if (m.get("uri") == null || host.isBlank() || !port.matches("\\d{1,5}") || Integer.parseInt(port) > 65535
                || Integer.parseInt(port) == 0) {
            throw new IllegalArgumentException(where + ": uri '" + uri + "' is not HOST:PORT, e.g. 127.0.0.1:5432");
        }
        Map<String, String> labels = new LinkedHashMap<>();
        if (m.get("labels") instanceof Map<?, ?> l) {
            l.forEach((k, v) -> labels.put(String.valueOf(k), String.valueOf(v)));
        } else if (m.get("labels") != null) {
            throw new IllegalArgumentException(where + ": labels must be a mapping of key: value, e.g. {env: prod}");
        }
        Tls tls = tls(where, m.get("tls"));
        return new DatabaseConfig(name, protocol, host, Integer.parseInt(port), labels, tls.mode(), tls.caFile(),
                auth(where, m.get("auth")));
    }

    private record Tls(DatabaseConfig.TlsMode mode, Optional<Path> caFile) {
    }

    private static Tls tls(String where, Object raw) {
        if (raw == null) {
            return new Tls(DatabaseConfig.TlsMode.VERIFY_FULL, Optional.empty());
        }
        if (!(raw instanceof Map<?, ?> t)) {
            throw new IllegalArgumentException(where + ": tls must be a mapping, e.g. tls: {mode: verify-full, "
                    + "ca_file: /etc/gatehouse/db-ca.pem}");
        }
        t.keySet().stream().filter(k -> !Set.of("mode", "ca_file").contains(k)).findFirst().ifPresent(k -> {
            throw new IllegalArgumentException(where + ": unknown tls setting '" + k + "'; known: mode, ca_file");
        });
        String mode = String.valueOf(t.containsKey("mode") ? t.get("mode") : "verify-full");
        DatabaseConfig.TlsMode m = switch (mode) {
            case "verify-full" -> DatabaseConfig.TlsMode.VERIFY_FULL;
            case "verify-ca" -> DatabaseConfig.TlsMode.VERIFY_CA;
            default -> throw new IllegalArgumentException(where + ": tls.mode must be verify-full (the default) or "
                    + "verify-ca, not '" + mode + "'; Gatehouse always verifies the database's certificate");
        };
        Optional<Path> ca = Optional.ofNullable(t.get("ca_file")).map(String::valueOf).map(Path::of);
        if (ca.isPresent() && !Files.isReadable(ca.get())) {
            throw new IllegalArgumentException(where + ": tls.ca_file " + ca.get() + " does not exist or cannot be "
                    + "read by the agent");
        }
        return new Tls(m, ca);
    }

    private static Optional<DatabaseConfig.PasswordAuth> auth(String where, Object raw) {
        if (raw == null || "certificate".equals(raw)) {
            return Optional.empty();
        }
        String example = "auth: certificate, or auth: {user: app, password_file: /etc/gatehouse/orders.pass}";
        if (!(raw instanceof Map<?, ?> a)) {
            throw new IllegalArgumentException(where + ": auth must be 'certificate' or a mapping; " + example);
        }
        if (a.containsKey("password")) {
            // Deliberately no inline password: it would sit in a file that is read, copied and shown.
            throw new IllegalArgumentException(where + ": auth.password is not accepted (a password written in the "
                    + "config); put it in a file readable only by the agent and name it: " + example);
        }
        a.keySet().stream().filter(k -> !Set.of("user", "password_file").contains(k)).findFirst().ifPresent(k -> {
            throw new IllegalArgumentException(where + ": unknown auth setting '" + k + "'; " + example);
        });
        if (a.get("user") == null || String.valueOf(a.get("user")).isBlank()) {
            throw new IllegalArgumentException(where + ": auth.user is missing: the database user the password "
                    + "belongs to; " + example);
        }
        if (a.get("password_file") == null) {
            throw new IllegalArgumentException(where + ": auth.password_file is missing; " + example);
        }
        Path file = Path.of(String.valueOf(a.get("password_file")));
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new IllegalArgumentException(where + ": auth.password_file " + file + " does not exist or cannot "
                    + "be read by the agent");
        }
        return Optional.of(new DatabaseConfig.PasswordAuth(String.valueOf(a.get("user")), file));
    }
}
