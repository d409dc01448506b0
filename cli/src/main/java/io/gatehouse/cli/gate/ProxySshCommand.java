package io.gatehouse.cli.gate;

import io.gatehouse.cli.apiclient.CliException;
import io.gatehouse.cli.apiclient.ExitCodes;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "proxy", description = "Helpers for other programs.", subcommands = {ProxySshCommand.Ssh.class,
        ProxyTlsCommand.class, ProxyDbCommand.class, ProxyAppCommand.class})
final class ProxySshCommand {
    @Command(name = "ssh", description = "ProxyCommand helper: connect stdin/stdout to a node's SSH port "
            + "(ProxyCommand gate proxy ssh %%r@%%h:%%p).")
    static final class Ssh implements Callable<Integer> {
        @Mixin
        Target target;
        @Parameters(index = "0", paramLabel = "[USER@]NODE[:PORT]")
        String destination;

        @Override
        public Integer call() throws Exception {
            var c = target.resolve(GateHome.fromEnvironment());
            c.requireValid();
            String hostPort = destination.substring(destination.lastIndexOf('@') + 1);
            int colon = hostPort.lastIndexOf(':');
            String host = colon > 0 ? hostPort.substring(0, colon) : hostPort;
            String port = colon > 0 ? hostPort.substring(colon + 1) : "22";
            if (!port.matches("\\d{1,5}")) {
                throw new CliException(ExitCodes.USAGE, "'" + destination + "' is not [USER@]NODE[:PORT]");
            }
            return OpenSsh.run("ssh", c, List.of("-W", c.nodeHost(host) + ":" + port, c.proxyAlias()));
        }
    }
}
