package io.gatehouse.cli.gate;

import io.gatehouse.cli.apiclient.CliException;
import io.gatehouse.cli.apiclient.ExitCodes;
import io.gatehouse.cli.output.HelpEverywhere;
import io.gatehouse.cli.output.Sanitizer;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** gate: the user's client (like Teleport's tsh). */
@Command(name = "gate", mixinStandardHelpOptions = true, version = "gate 0.1.0",
        description = "Reach servers through a Gatehouse cluster.",
        subcommands = {LoginCommand.class, StatusCommand.class, LogoutCommand.class, LsCommand.class,
            SshCommand.class, ScpCommand.class, ConfigCommand.class, DbCommand.class, AppCommand.class, ProxySshCommand.class, RecordingsCommand.class,
            PlayCommand.class, RequestCommand.class, VersionCommand.class,
            CommandLine.HelpCommand.class},
        footerHeading = "%nExit codes:%n",
        footer = {"  gate ssh and gate scp exit with the remote command's (or ssh's) code; gate db connect with the"
            + " client's.",
            "  Otherwise: 0 ok   1 error   2 usage   3 not found   5 access denied or not logged in",
            "  6 cannot reach the proxy   7 invalid input"})
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
        // As with ssh: what follows the node is the remote command's (`gate ssh node df -h`), not gate's.
        cli.getSubcommands().get("ssh").setStopAtPositional(true);
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            PrintWriter err = cmd.getErr();
            if (e instanceof CliException c) {
                err.println("ERROR: " + Sanitizer.cleanBlock(c.getMessage()));
                c.details().forEach(d -> err.println("  " + Sanitizer.clean(d)));
                err.flush();
                return c.exitCode();
            }
            err.println("ERROR: " + Sanitizer.clean(String.valueOf(e.getMessage())));
            if (System.getenv("GATE_DEBUG") != null) {
                e.printStackTrace(err);
            }
            err.flush();
            return ExitCodes.ERROR;
        });
        return cli;
    }
}
