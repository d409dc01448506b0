package io.gatehouse.agent.diag;

import io.gatehouse.agent.service.ServiceHealth;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The agent's metrics in Prometheus' text format (version 0.0.4). */
final class PrometheusText {
    private PrometheusText() {
    }

    static String of(AgentStatus status) {
        StringBuilder out = new StringBuilder();
        header(out, "gatehouse_agent_service_up", "Whether the service is up (1) or not (0: starting, failed or "
                + "stopped).");
        for (ServiceHealth h : status.services()) {
            out.append("gatehouse_agent_service_up{service=\"").append(h.service()).append("\"} ")
                    .append(h.up() ? 1 : 0).append('\n');
        }
        header(out, "gatehouse_agent_service_sessions", "Sessions the service has open now.");
        for (ServiceHealth h : status.services()) {
            out.append("gatehouse_agent_service_sessions{service=\"").append(h.service()).append("\"} ")
                    .append(status.sessions().getOrDefault(h.service(), 0)).append('\n');
        }
        if (status.tunnel() != AgentStatus.Tunnel.NOT_USED) {
            header(out, "gatehouse_agent_tunnel_up", "Whether the reverse tunnel to the proxy is up (1) or not (0); "
                    + "absent in direct mode.");
            out.append("gatehouse_agent_tunnel_up ").append(status.tunnel() == AgentStatus.Tunnel.UP ? 1 : 0)
                    .append('\n');
        }
        residentMemory(out);
        return out.toString();
    }

    private static void header(StringBuilder out, String name, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(" gauge\n");
    }

    /** The standard process metric, from /proc (Linux only; left out elsewhere). */
    private static void residentMemory(StringBuilder out) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    long kib = Long.parseLong(line.replaceAll("\\D", ""));
                    header(out, "process_resident_memory_bytes", "Resident memory size in bytes.");
                    out.append("process_resident_memory_bytes ").append(kib * 1024).append('\n');
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux, or /proc unreadable: the metric is simply absent
        }
    }
}
