package io.gatehouse.agent.diag;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.gatehouse.agent.service.ServiceHealth;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's diagnostics listener (Teleport's {@code diag_addr}): {@code /healthz} (the process
 * answers), {@code /readyz} (every service up and the tunnel up: 200, else 503, with each service's
 * state and why it is not up) and {@code /metrics} (Prometheus text). The JDK's HTTP server rather
 * than Vert.x: measured smaller (docs/architecture.md, "The agent process"). Read-only, no
 * secrets in it; off unless agent.yaml sets diag_addr.
 */
public final class DiagServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DiagServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final Supplier<AgentStatus> status;

    private DiagServer(HttpServer server, Supplier<AgentStatus> status) {
        this.server = server;
        this.status = status;
    }

    /** Listens on {@code address} and serves until closed. */
    public static DiagServer start(InetSocketAddress address, Supplier<AgentStatus> status) throws IOException {
        HttpServer http;
        try {
            http = HttpServer.create(address, 16);
        } catch (IOException e) {
            throw new IOException("cannot listen on diag_addr " + address.getHostString() + ":" + address.getPort() + ": " + e.getMessage()
                    + "; free that port or choose another", e);
        }
        DiagServer diag = new DiagServer(http, status);
        http.createContext("/", diag::handle);
        // One small handler at a time is plenty for a scraper and a probe; no extra threads.
        http.setExecutor(null);
        http.start();
        if (!address.getAddress().isLoopbackAddress()) {
            LOG.warn("diag_addr {}:{} is reachable from other hosts: /readyz and /metrics show which services run "
                    + "and why one failed (no secrets); firewall it to your monitoring", address.getHostString(), address.getPort());
        }
        LOG.info("diagnostics on http://{}:{} (/healthz, /readyz, /metrics)", address.getHostString(), diag.port());
        return diag;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                send(exchange, 405, "text/plain", "only GET and HEAD\n");
                return;
            }
            switch (exchange.getRequestURI().getPath()) {
                case "/healthz" -> send(exchange, 200, "application/json", "{\"status\":\"ok\"}\n");
                case "/readyz" -> {
                    AgentStatus now = status.get();
                    send(exchange, now.ready() ? 200 : 503, "application/json", readiness(now));
                }
                case "/metrics" -> send(exchange, 200, "text/plain; version=0.0.4; charset=utf-8",
                        PrometheusText.of(status.get()));
                default -> send(exchange, 404, "text/plain", "not found: try /healthz, /readyz or /metrics\n");
            }
        }
    }

    static String readiness(AgentStatus now) {
        ObjectNode root = JSON.createObjectNode();
        root.put("status", now.ready() ? "ok" : "not ready");
        ArrayNode services = root.putArray("services");
        for (ServiceHealth h : now.services()) {
            ObjectNode s = services.addObject();
            s.put("name", h.service());
            s.put("state", h.state().name().toLowerCase(Locale.ROOT));
            h.problem().ifPresent(p -> s.put("problem", p));
        }
        root.put("tunnel", now.tunnel().name().toLowerCase(Locale.ROOT).replace('_', ' '));
        return root.toString() + "\n";
    }

    private static void send(HttpExchange exchange, int code, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(code, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
