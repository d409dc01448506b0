package io.gatehouse.e2e.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One more agent beside the quickstart's, started the way an operator runs one
 * (deploy/agent.sh --config FILE) after joining with a token from gatectl.
 */
public final class Agent implements AutoCloseable {
    private final Cluster cluster;
    private final String name;
    private final Path dir;
    private final Path config;
    private final Path log;
    private Process process;
    private boolean withoutOpenSsh;

    /**
     * @param mode "tunnel" (dials the proxy) or "direct" (the proxy dials its SSH port, sshListen).
     *     A direct agent's token pins sshListen as the address the proxy dials (gatectl tokens add
     *     --addr), the way an admin adds a direct-mode node; the proxy never dials loopback, so
     *     direct agents listen on this machine's own address (Ports.hostAddress()).
     */
    public Agent(Cluster cluster, String name, String mode, Map<String, String> labels, String sshListen)
            throws IOException {
        this(cluster, name, mode, labels, sshListen, "direct".equals(mode) ? sshListen : null);
    }

    /**
     * As above, with the address the token pins and the agent announces ({@code pinnedAddr}); null
     * leaves the token without --addr, so auth pins the IP the join came from.
     */
    public Agent(Cluster cluster, String name, String mode, Map<String, String> labels, String sshListen,
            String pinnedAddr) throws IOException {
        this.cluster = cluster;
        this.name = name;
        this.dir = cluster.state().resolve("agent-" + name);
        Files.createDirectories(dir);
        this.config = dir.resolve("agent.yaml");
        this.log = dir.resolve("agent.log");
        var token = pinnedAddr != null ? cluster.gatectl("tokens", "add", "--type=node,db,app", "--ttl=5m",
                "--single-use", "--addr=" + pinnedAddr) : cluster.gatectl("tokens", "add", "--type=node,db,app",
                "--ttl=5m", "--single-use");
        if (token.exit() != 0) {
            throw new AssertionError("gatectl tokens add: " + token);
        }
        String secret = token.out().lines().filter(l -> l.startsWith("The invite token:")).findFirst().orElseThrow()
                .split(":\\s*", 2)[1].strip();
        String pin = token.out().lines().filter(l -> l.startsWith("CA pin:")).findFirst().orElseThrow()
                .split(":\\s*", 2)[1].strip();
        String labelYaml = labels.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
                .collect(Collectors.joining(", "));
        Files.writeString(config, """
                node_name: %s
                data_dir: %s
                proxy_addr: 127.0.0.1:%d
                auth_addr: 127.0.0.1:%d
                mode: %s
                heartbeat_interval: %ds
                token: %s
                ca_pin: "%s"
                %s
                labels: {%s}
                """.formatted(name, dir.resolve("data"), cluster.webPort(), cluster.port(), mode,
                Cluster.HEARTBEAT.toSeconds(), secret, pin, sshListen == null ? "" : "ssh_listen: " + sshListen
                        + (pinnedAddr != null ? "\nssh_advertise: " + pinnedAddr : ""),
                labelYaml));
    }

    /** Adds a command label (run every 2 s) to the configuration; call before start(). */
    public Agent withCommandLabel(String label, String... command) throws IOException {
        String argv = java.util.Arrays.stream(command).map(a -> "\"" + a.replace("\\", "\\\\").replace("\"", "\\\"")
                + "\"").collect(Collectors.joining(", "));
        Files.writeString(config, "commands:\n  - name: " + label + "\n    command: [" + argv + "]\n    period: 2s\n",
                java.nio.file.StandardOpenOption.APPEND);
        return this;
    }

    /** Adds a desktops section (YAML list items, indented by two spaces) to the configuration; call before start(). */
    public Agent withDesktops(String items) throws IOException {
        Files.writeString(config, "desktops:\n" + items, java.nio.file.StandardOpenOption.APPEND);
        return this;
    }

    /** Adds a databases section (YAML list items, indented by two spaces) to the configuration; call before start(). */
    public Agent withDatabases(String items) throws IOException {
        Files.writeString(config, "databases:\n" + items, java.nio.file.StandardOpenOption.APPEND);
        return this;
    }

    /** Adds an apps section (YAML list items, indented by two spaces) to the configuration; call before start(). */
    public Agent withApps(String items) throws IOException {
        Files.writeString(config, "apps:\n" + items, java.nio.file.StandardOpenOption.APPEND);
        return this;
    }

    /**
     * Starts the agent in a mount namespace of its own where /usr/lib/openssh is an empty tmpfs: a
     * node host without OpenSSH's sftp-server (or any of its helpers), the rest of the machine unchanged.
     */
    public Agent withoutOpenSshHelpers() {
        withoutOpenSsh = true;
        return this;
    }

    public Path config() {
        return config;
    }

    public String name() {
        return name;
    }

    /** Starts the agent and waits until it serves (tunnel up, or listening in direct mode). */
    public Agent start() throws IOException, InterruptedException {
        List<String> command = List.of(Cluster.REPO.resolve("deploy/agent.sh").toString(), "--config",
                config.toString());
        if (withoutOpenSsh) {
            command = Stream.concat(Stream.of("unshare", "--mount", "--propagation", "private",
                    "sh", "-c", "mount -t tmpfs -o size=1m,mode=755 no-openssh /usr/lib/openssh && exec \"$@\"",
                    "agent"), command.stream()).toList();
        }
        process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(
                log.toFile())).start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        String ready = Files.readString(config).contains("mode: tunnel") ? "tunnel to proxy" : "serving SSH on";
        while (Instant.now().isBefore(deadline)) {
            String text = log();
            if (text.contains(ready) && (!ready.equals("tunnel to proxy") || text.contains("is up"))) {
                return this;
            }
            if (!process.isAlive()) {
                throw new AssertionError("agent " + name + " exited with " + process.exitValue() + ":\n" + text);
            }
            Thread.sleep(200);
        }
        throw new AssertionError("agent " + name + " not ready in 60 s:\n" + log());
    }

    /** Runs the agent to completion (for agents expected to refuse to start). */
    public Proc.Result runToExit() {
        return Proc.run(List.of(Cluster.REPO.resolve("deploy/agent.sh").toString(), "--config", config.toString()),
                Map.of(), Duration.ofSeconds(60));
    }

    public String log() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "(" + e.getMessage() + ")";
        }
    }

    public void kill() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        kill();
    }
}
