package io.gatehouse.agent;

import io.gatehouse.agent.config.AgentConfig;
import io.gatehouse.agent.diag.AgentStatus;
import io.gatehouse.agent.join.NodeJoin;
import io.gatehouse.shared.cert.IdentityFile;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The agent process (Quarkus command mode): read agent.yaml, join on the first start, then run
 * (AgentProcess) until told to stop. Usage: gatehouse-agent --config FILE [--exit-when-ready]
 * (the latter stops once started: deploy/agent.sh's AOT cache training run).
 */
@QuarkusMain
public final class AgentMain implements QuarkusApplication {

    @Override
    public int run(String... args) throws Exception {
        boolean exitWhenUp = args.length == 3 && args[2].equals("--exit-when-ready");
        if (args.length != (exitWhenUp ? 3 : 2) || !args[0].equals("--config")) {
            System.err.println("usage: gatehouse-agent --config FILE [--exit-when-ready]");
            return 2;
        }
        AgentConfig config;
        IdentityFile identity;
        try {
            config = AgentConfig.read(Path.of(args[1]));
            identity = NodeJoin.identity(config.dataDir(), config.nodeName(), config.proxyAddr(), config.token(),
                    config.caPin(), systemRoles(config));
        } catch (NodeJoin.Refused | IllegalArgumentException | IOException e) {
            System.err.println("gatehouse-agent: " + e.getMessage());
            return 1;
        }
        AgentProcess started;
        try {
            started = AgentProcess.start(config, identity);
        } catch (IOException e) {
            // diag_addr taken, the data directory not writable: the message names it.
            System.err.println("gatehouse-agent: " + e.getMessage());
            return 1;
        }
        try (AgentProcess agent = started) {
            if (exitWhenUp) {
                return awaitTunnel(agent) ? 0 : 1;
            }
            // SIGTERM/SIGINT end the wait; closing the agent stops the services in reverse order.
            Quarkus.waitForExit();
        }
        return 0;
    }

    /** What the agent joins as: "node", plus "db" and "app" when it has (even empty) sections for them. */
    static List<String> systemRoles(AgentConfig config) {
        List<String> roles = new java.util.ArrayList<>(List.of("node"));
        if (config.databases().present()) {
            roles.add("db");
        }
        if (config.apps().present()) {
            roles.add("app");
        }
        return List.copyOf(roles);
    }

    /**
     * For deploy/agent.sh's AOT training run: the whole start-up path has run once every service
     * has started or failed and the tunnel is up (or not used). False when the tunnel stays down.
     */
    private static boolean awaitTunnel(AgentProcess agent) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (agent.status().tunnel() == AgentStatus.Tunnel.DOWN) {
            if (System.nanoTime() > deadline) {
                System.err.println("gatehouse-agent: the tunnel did not come up within 60 s");
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }
}
