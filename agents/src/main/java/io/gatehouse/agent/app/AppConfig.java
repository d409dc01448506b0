package io.gatehouse.agent.app;

import io.gatehouse.shared.resource.AppSpec;
import java.net.URI;
import java.util.Map;

/**
 * One entry of agent.yaml's {@code apps:} list, checked at start:
 * <pre>
 * apps:
 *   - name: orders-api
 *     uri: tcp://127.0.0.1:5432      # or http://127.0.0.1:3000, https://grafana.internal
 *     labels: {env: prod}
 *     public_addr: orders.gatehouse.example.com   # optional, for HTTP apps in the browser
 * </pre>
 */
public record AppConfig(String name, String uri, Map<String, String> labels, String publicAddr) {
    public AppConfig {
        labels = Map.copyOf(labels);
    }

    /** The spec the agent announces (auth sets the host id from the agent's certificate). */
    public AppSpec spec() {
        return new AppSpec(uri, publicAddr, "");
    }

    public boolean tcp() {
        return spec().tcp();
    }

    /** The host of a tcp:// app (brackets of an IPv6 literal removed). */
    public String host() {
        String host = URI.create(uri).getHost();
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    public int port() {
        return URI.create(uri).getPort();
    }
}
