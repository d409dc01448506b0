package io.gatehouse.agent;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** The agent's YAML configuration (deploy/examples/agent.yaml documents every key). */
public record AgentConfig(String nodeName, Path dataDir, String proxyAddr, String authAddr, Optional<String> token,
        Optional<String> caPin, Map<String, String> labels, String sshListenHost, int sshListenPort,
        String sshAdvertise, boolean tunnel, String tunnelAddr, Duration heartbeatInterval) {

    static final List<String> KEYS = List.of("node_name", "data_dir", "proxy_addr", "auth_addr", "token",
            "token_file", "ca_pin", "labels", "ssh_listen", "ssh_advertise", "mode", "tunnel_addr",
            "heartbeat_interval");

    @SuppressWarnings("unchecked")
    public static AgentConfig read(Path file) throws IOException {
        Object loaded;
        try {
            loaded = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file));
        } catch (org.yaml.snakeyaml.error.YAMLException e) {
            throw new IllegalArgumentException(file + " is not valid YAML: " + e.getMessage());
        }
        if (!(loaded instanceof Map<?, ?> raw)) {
            throw new IllegalArgumentException(file + ": expected a YAML mapping of agent settings");
        }
        Map<String, Object> m = (Map<String, Object>) raw;
        m.keySet().stream().filter(k -> !KEYS.contains(k)).findFirst().ifPresent(k -> {
            throw new IllegalArgumentException(file + ": unknown setting '" + k + "'; known: " + KEYS);
        });
        String mode = String.valueOf(m.getOrDefault("mode", "tunnel"));
        if (!mode.equals("tunnel") && !mode.equals("direct")) {
            throw new IllegalArgumentException(file + ": mode must be 'tunnel' (dial the proxy, the default) or "
                    + "'direct' (the proxy dials this agent's SSH port), not '" + mode + "'");
        }
        boolean tunnel = mode.equals("tunnel");
        Optional<String> token = Optional.ofNullable(str(file, m, "token", null));
        if (token.isEmpty() && m.get("token_file") != null) {
            token = Optional.of(Files.readString(Path.of(str(file, m, "token_file", null))).strip());
        }
        // Tunnel mode serves SSH on loopback only: users reach it through the tunnel, nothing else.
        String listen = str(file, m, "ssh_listen", tunnel ? "127.0.0.1:0" : "0.0.0.0:3022");
        int colon = listen.lastIndexOf(':');
        if (colon <= 0 || !listen.substring(colon + 1).matches("\\d{1,5}")) {
            throw new IllegalArgumentException(file + ": ssh_listen '" + listen + "' is not HOST:PORT, e.g. "
                    + "0.0.0.0:3022");
        }
        Map<String, String> labels = new LinkedHashMap<>();
        Object rawLabels = m.get("labels");
        if (rawLabels != null && !(rawLabels instanceof Map<?, ?>)) {
            throw new IllegalArgumentException(file + ": labels must be a mapping of key: value, e.g. labels: {env: "
                    + "prod}");
        }
        if (rawLabels != null) {
            ((Map<String, Object>) rawLabels).forEach((k, v) -> labels.put(k, String.valueOf(v)));
        }
        String proxyAddr = str(file, m, "proxy_addr", "127.0.0.1:3080");
        String tunnelAddr = str(file, m, "tunnel_addr",
                proxyAddr.substring(0, proxyAddr.lastIndexOf(':')) + ":3024");
        Duration heartbeat = parseDuration(file, String.valueOf(m.getOrDefault("heartbeat_interval", "30s")));
        return new AgentConfig(str(file, m, "node_name", InetAddress.getLocalHost().getHostName()),
                Path.of(str(file, m, "data_dir", "/var/lib/gatehouse/agent")),
                proxyAddr,
                str(file, m, "auth_addr", "127.0.0.1:3025"), token,
                Optional.ofNullable(str(file, m, "ca_pin", null)), labels, listen.substring(0, colon),
                Integer.parseInt(listen.substring(colon + 1)),
                str(file, m, "ssh_advertise", tunnel ? "" : "127.0.0.1:" + listen.substring(colon + 1)),
                tunnel, tunnelAddr, heartbeat);
    }

    /** A string setting (numbers and booleans are taken as written), or the default when absent or empty. */
    private static String str(Path file, Map<String, Object> m, String key, String fallback) {
        Object v = m.get(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Map<?, ?> || v instanceof List<?>) {
            throw new IllegalArgumentException(file + ": " + key + " must be a single value, not a list or mapping");
        }
        return String.valueOf(v);
    }

    private static Duration parseDuration(Path file, String text) {
        var matcher = java.util.regex.Pattern.compile("(\\d+)(ms|s|m)").matcher(text.strip());
        if (!matcher.matches() || Long.parseLong(matcher.group(1)) == 0) {
            throw new IllegalArgumentException(file + ": heartbeat_interval '" + text
                    + "' is not a duration like 30s, 2m or 500ms");
        }
        long n = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            default -> Duration.ofMinutes(n);
        };
    }
}
