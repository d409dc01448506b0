package io.gatehouse.agent;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
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
        String sshAdvertise) {

    static final List<String> KEYS = List.of("node_name", "data_dir", "proxy_addr", "auth_addr", "token",
            "token_file", "ca_pin", "labels", "ssh_listen", "ssh_advertise");

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
        Optional<String> token = Optional.ofNullable((String) m.get("token"));
        if (token.isEmpty() && m.get("token_file") != null) {
            token = Optional.of(Files.readString(Path.of((String) m.get("token_file"))).strip());
        }
        String listen = (String) m.getOrDefault("ssh_listen", "0.0.0.0:3022");
        int colon = listen.lastIndexOf(':');
        Map<String, String> labels = new LinkedHashMap<>();
        ((Map<String, Object>) m.getOrDefault("labels", Map.of())).forEach((k, v) -> labels.put(k, String.valueOf(v)));
        return new AgentConfig((String) m.getOrDefault("node_name", InetAddress.getLocalHost().getHostName()),
                Path.of((String) m.getOrDefault("data_dir", "/var/lib/gatehouse/agent")),
                (String) m.getOrDefault("proxy_addr", "127.0.0.1:3080"),
                (String) m.getOrDefault("auth_addr", "127.0.0.1:3025"), token,
                Optional.ofNullable((String) m.get("ca_pin")), labels, listen.substring(0, colon),
                Integer.parseInt(listen.substring(colon + 1)),
                (String) m.getOrDefault("ssh_advertise", "127.0.0.1:" + listen.substring(colon + 1)));
    }
}
