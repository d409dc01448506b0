package io.gatehouse.agent;

import io.gatehouse.agent.config.AgentConfig;
import io.gatehouse.agent.join.NodeJoin;
import io.gatehouse.shared.cert.IdentityFile;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The agent process (Quarkus command mode): read agent.yaml, join on the first start, then run
 * (AgentProcess) until told to stop. Usage: gatehouse-agent --config FILE
 */
@QuarkusMain
public final class AgentMain implements QuarkusApplication {

    @Override
    public int run(String... args) throws Exception {
        if (args.length != 2 || !args[0].equals("--config")) {
            System.err.println("usage: gatehouse-agent --config FILE");
            return 2;
        }
        AgentConfig config;
        IdentityFile identity;
        try {
            config = AgentConfig.read(Path.of(args[1]));
            identity = NodeJoin.identity(config.dataDir(), config.nodeName(), config.proxyAddr(), config.token(),
                    config.caPin());
        } catch (NodeJoin.Refused | IllegalArgumentException | IOException e) {
            System.err.println("gatehouse-agent: " + e.getMessage());
            return 1;
        }
        try (AgentProcess agent = AgentProcess.start(config, identity)) {
            // SIGTERM/SIGINT end the wait; closing the agent stops the services in reverse order.
            Quarkus.waitForExit();
        }
        return 0;
    }
}
