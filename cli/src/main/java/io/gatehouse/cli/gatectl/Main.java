package io.gatehouse.cli.gatectl;

import io.gatehouse.cli.apiclient.CliException;
import io.gatehouse.cli.apiclient.ExitCodes;
import io.gatehouse.cli.output.HelpEverywhere;
import io.gatehouse.cli.output.Sanitizer;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** gatectl: the admin's client for a Gatehouse cluster (like Teleport's tctl). */
@Command(name = "gatectl", mixinStandardHelpOptions = true, version = "gatectl 0.1.0",
        description = "Administer a Gatehouse cluster: users, roles, tokens, resources, certificates, audit.",
        subcommands = {StatusCommand.class, UsersCommand.class, TokensCommand.class, GetCommand.class,
            CreateCommand.class, UpdateCommand.class, RmCommand.class, AuthCommand.class, AuditCommand.class,
            CommandLine.HelpCommand.class},
        footerHeading = "%nExit codes:%n",
        footer = {"  0 ok   1 error   2 usage   3 not found   4 already exists/conflict",
            "  5 access denied   6 cannot reach auth   7 invalid input"})
public final class Main {
    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        return commandLine().execute(args);
    }

    /** The whole command tree, configured as {@link #run} uses it (tests walk it). */
    static CommandLine commandLine() {
        CommandLine cli = HelpEverywhere.install(new CommandLine(new Main()));
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            PrintWriter err = cmd.getErr();
            if (e instanceof CliException c) {
                String message = c.details().isEmpty() ? c.getMessage() : c.getMessage().lines().findFirst()
                        .orElse("");
                err.println("ERROR: " + Sanitizer.cleanBlock(message));
                c.details().forEach(d -> err.println("  " + Sanitizer.clean(d)));
                err.flush();
                return c.exitCode();
            }
            err.println("ERROR: " + Sanitizer.clean(String.valueOf(e.getMessage())));
            if (System.getenv("GATECTL_DEBUG") != null) {
                e.printStackTrace(err);
            }
            err.flush();
            return ExitCodes.ERROR;
        });
        return cli;
    }
}
