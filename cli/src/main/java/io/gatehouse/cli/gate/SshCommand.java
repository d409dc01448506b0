package io.gatehouse.cli.gate;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "ssh", description = "Run a shell or a command on a node; the exit code is the command's.")
final class SshCommand implements Callable<Integer> {
    @Mixin
    Target target;
    @Option(names = "-l", paramLabel = "LOGIN", description = "Login on the node (or LOGIN@NODE)")
    String login;
    @Option(names = "-L", paramLabel = "SPEC", description = "Local port forwarding, as ssh -L (if your role allows)")
    List<String> localForwards = new ArrayList<>();
    @Option(names = "-R", paramLabel = "SPEC", description = "Remote port forwarding, as ssh -R (if your role allows)")
    List<String> remoteForwards = new ArrayList<>();
    @Option(names = "-t", description = "Force a terminal even for a command")
    boolean tty;
    @Option(names = "-N", description = "No command, only forwarding")
    boolean noCommand;
    @Parameters(index = "0", paramLabel = "[LOGIN@]NODE")
    String destination;
    @Parameters(index = "1..*", paramLabel = "COMMAND")
    List<String> command = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        var c = target.resolve(GateHome.fromEnvironment());
        c.requireValid();
        List<String> args = new ArrayList<>();
        localForwards.forEach(f -> args.addAll(List.of("-L", f)));
        remoteForwards.forEach(f -> args.addAll(List.of("-R", f)));
        if (tty) {
            args.add("-t");
        }
        if (noCommand) {
            args.add("-N");
        }
        if (login != null) {
            args.addAll(List.of("-l", login));
        }
        int at = destination.lastIndexOf('@');
        String node = destination.substring(at + 1);
        args.add("--");
        args.add((at >= 0 ? destination.substring(0, at + 1) : "") + c.nodeHost(node));
        args.addAll(command);
        return OpenSsh.run("ssh", c, args);
    }
}
