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
        Object loaded = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file));
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
        Optional<String> token = Optional.ofNullable((String) m.get("token"));
        if (token.isEmpty() && m.get("token_file") != null) {
            token = Optional.of(Files.readString(Path.of((String) m.get("token_file"))).strip());
        }
        // Tunnel mode serves SSH on loopback only: users reach it through the tunnel, nothing else.
        String listen = (String) m.getOrDefault("ssh_listen", tunnel ? "127.0.0.1:0" : "0.0.0.0:3022");
        int colon = listen.lastIndexOf(':');
        Map<String, String> labels = new LinkedHashMap<>();
        ((Map<String, Object>) m.getOrDefault("labels", Map.of())).forEach((k, v) -> labels.put(k, String.valueOf(v)));
        String proxyAddr = (String) m.getOrDefault("proxy_addr", "127.0.0.1:3080");
        String tunnelAddr = (String) m.getOrDefault("tunnel_addr",
                proxyAddr.substring(0, proxyAddr.lastIndexOf(':')) + ":3024");
        Duration heartbeat = parseDuration(file, String.valueOf(m.getOrDefault("heartbeat_interval", "30s")));
        return new AgentConfig((String) m.getOrDefault("node_name", InetAddress.getLocalHost().getHostName()),
                Path.of((String) m.getOrDefault("data_dir", "/var/lib/gatehouse/agent")),
                proxyAddr,
                (String) m.getOrDefault("auth_addr", "127.0.0.1:3025"), token,
                Optional.ofNullable((String) m.get("ca_pin")), labels, listen.substring(0, colon),
                Integer.parseInt(listen.substring(colon + 1)),
                (String) m.getOrDefault("ssh_advertise", tunnel ? "" : "127.0.0.1:" + listen.substring(colon + 1)),
                tunnel, tunnelAddr, heartbeat);
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
