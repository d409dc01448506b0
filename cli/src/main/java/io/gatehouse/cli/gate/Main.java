package io.gatehouse.cli.gate;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** gate: the user's client (like Teleport's tsh). Login, ls and ssh arrive with the proxy/agents issue. */
@Command(name = "gate", mixinStandardHelpOptions = true, version = "gate 0.1.0",
        description = "Reach servers through a Gatehouse cluster.", subcommands = VersionCommand.class)
public final class Main {
    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }
}
