package io.gatehouse.cli.gate;

import java.nio.file.Files;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "config", description = "Print an OpenSSH configuration block for this cluster "
        + "(gate config >> ~/.ssh/config, then ssh LOGIN@NODE.CLUSTER).")
final class ConfigCommand implements Callable<Integer> {
    @Mixin
    Target target;

    @Override
    public Integer call() throws Exception {
        var c = target.resolve(GateHome.fromEnvironment());
        String text = SshConfig.render(c);
        Files.writeString(c.sshConfig(), text);
        System.out.print(text);
        return 0;
    }
}
