package io.gatehouse.agent.config;

import io.gatehouse.agent.labels.CommandLabel;
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

/**
 * The agent's YAML configuration (deploy/examples/agent.yaml documents every key). The agent's own
 * settings are checked here, at start, and a mistake stops the agent; a service's section (desktops, databases, apps)
 * is checked by that service when it starts, so a mistake there fails that service alone.
 *
 * @param diagAddr where /healthz, /readyz and /metrics are served (HOST:PORT); none by default
 */
public record AgentConfig(String nodeName, Path dataDir, String proxyAddr, String authAddr, Optional<String> token,
        Optional<String> caPin, Map<String, String> labels, String sshListenHost, int sshListenPort,
        String sshAdvertise, boolean tunnel, String tunnelAddr, Duration heartbeatInterval,
        List<CommandLabel> commands, Section desktops, Section databases, Section apps,
        Optional<HostPort> diagAddr) {

    static final List<String> KEYS = List.of("node_name", "data_dir", "proxy_addr", "auth_addr", "token",
            "token_file", "ca_pin", "labels", "ssh_listen", "ssh_advertise", "mode", "tunnel_addr",
            "heartbeat_interval", "commands", "desktops", "databases", "apps", "diag_addr");

    /** A service's section of the file, as written (null when absent), for that service to check at start. */
    public record Section(Path file, String key, Object yaml) {
        /** Absent, null or an empty list: the service it configures is not enabled. */
        public boolean enabled() {
            return yaml != null && !(yaml instanceof List<?> l && l.isEmpty());
        }

        /** Written at all, even as an empty list ("databases: []": served later, so join with the role now). */
        public boolean present() {
            return yaml != null;
        }
    }

    /** A listening address. */
    public record HostPort(String host, int port) {
        @Override
        public String toString() {
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }
    }

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
        hostPort(file, "ssh_listen", listen, "0.0.0.0:3022");
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
        // Empty: follow the proxy (/v1/webapi/ping: its web port with TLS routing, else its tunnel port).
        String tunnelAddr = str(file, m, "tunnel_addr", "");
        Duration heartbeat = parseDuration(file, "heartbeat_interval",
                String.valueOf(m.getOrDefault("heartbeat_interval", "30s")));
        return new AgentConfig(str(file, m, "node_name", InetAddress.getLocalHost().getHostName()),
                Path.of(str(file, m, "data_dir", "/var/lib/gatehouse/agent")),
                proxyAddr,
                str(file, m, "auth_addr", "127.0.0.1:3025"), token,
                Optional.ofNullable(str(file, m, "ca_pin", null)), labels, listen.substring(0, colon),
                Integer.parseInt(listen.substring(colon + 1)),
                str(file, m, "ssh_advertise", tunnel ? "" : "127.0.0.1:" + listen.substring(colon + 1)),
                tunnel, tunnelAddr, heartbeat, commands(file, m.get("commands"), labels.keySet()),
                new Section(file, "desktops", m.get("desktops")), new Section(file, "databases", m.get("databases")),
                new Section(file, "apps", m.get("apps")),
                Optional.ofNullable(str(file, m, "diag_addr", null)).map(a -> hostPort(file, "diag_addr", a,
                        "127.0.0.1:3000")));
    }

    private static HostPort hostPort(Path file, String key, String text, String example) {
        int colon = text.lastIndexOf(':');
        String host = colon <= 0 ? "" : text.substring(0, colon).replaceAll("^\\[(.*)]$", "$1");
        if (host.isEmpty() || !text.substring(colon + 1).matches("\\d{1,5}")
                || Integer.parseInt(text.substring(colon + 1)) > 65535) {
            throw new IllegalArgumentException(file + ": " + key + " '" + text + "' is not HOST:PORT, e.g. " + example);
        }
        return new HostPort(host, Integer.parseInt(text.substring(colon + 1)));
    }

    /** commands: [{name: arch, command: [uname, -m], period: 1h}, ...] */
    @SuppressWarnings("unchecked")
    private static List<CommandLabel> commands(Path file, Object raw, java.util.Set<String> staticNames) {
        if (raw == null) {
            return List.of();
        }
        String example = "e.g. commands: [{name: arch, command: [uname, -m], period: 1h}]";
        if (!(raw instanceof List<?> list)) {
            throw new IllegalArgumentException(file + ": commands must be a list, " + example);
        }
        List<CommandLabel> out = new java.util.ArrayList<>();
        for (Object item : list) {
            if (!(item instanceof Map<?, ?> c) || !(c.get("name") instanceof String name)
                    || !(c.get("command") instanceof List<?> argv) || argv.isEmpty()) {
                throw new IllegalArgumentException(file + ": each command label needs a name and a non-empty "
                        + "command list, " + example);
            }
            if (!name.matches("[A-Za-z0-9_./-]{1,63}") || staticNames.contains(name)
                    || out.stream().anyMatch(o -> o.name().equals(name))) {
                throw new IllegalArgumentException(file + ": command label name '" + name + "' must be a label "
                        + "key (letters, digits, _ . / -) used only once among labels and commands");
            }
            Duration period = parseDuration(file, "period of command label " + name,
                    String.valueOf(((Map<String, Object>) c).getOrDefault("period", "1m")));
            if (period.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException(file + ": command label " + name + " runs too often (" + period
                        + "); use a period of at least 1s");
            }
            out.add(new CommandLabel(name, argv.stream().map(String::valueOf).toList(), period));
        }
        return out;
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

    private static Duration parseDuration(Path file, String what, String text) {
        var matcher = java.util.regex.Pattern.compile("(\\d+)(ms|s|m|h)").matcher(text.strip());
        if (!matcher.matches() || Long.parseLong(matcher.group(1)) == 0) {
            throw new IllegalArgumentException(file + ": " + what + " '" + text
                    + "' is not a duration like 30s, 2m, 1h or 500ms");
        }
        long n = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofMinutes(n);
        };
    }
}
