package io.gatehouse.cli.gate;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "version", description = "Print the client version.")
final class VersionCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.out.println("gate 0.1.0 (Java " + Runtime.version() + ")");
        return 0;
    }
}
