package io.gatehouse.cli.output;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * `--help` on every command and subcommand of gate and gatectl, and no help for a command that
 * does not exist.
 *
 * <p>Installed on the tree rather than written on each {@code @Command}: a command added later
 * gets it without anyone remembering (CommandTreeHelpTest walks the tree to prove it).
 */
public final class HelpEverywhere {
    private HelpEverywhere() {
    }

    /** Adds {@code -h, --help} wherever a command has no help option yet, and the unknown-command check. */
    public static CommandLine install(CommandLine root) {
        addHelpOption(root);
        CommandLine.IExecutionStrategy run = new CommandLine.RunLast();
        root.setExecutionStrategy(parsed -> {
            rejectUnmatched(parsed);
            return run.execute(parsed);
        });
        return root;
    }

    private static void addHelpOption(CommandLine command) {
        CommandSpec spec = command.getCommandSpec();
        if (spec.options().stream().noneMatch(OptionSpec::usageHelp)) {
            // -h only where the command does not use it already; --help always.
            String[] names = spec.findOption("-h") == null ? new String[] {"-h", "--help"} : new String[] {"--help"};
            spec.addOption(OptionSpec.builder(names).usageHelp(true)
                    .description("Show this help message and exit.").build());
        }
        command.getSubcommands().values().forEach(HelpEverywhere::addHelpOption);
    }

    /**
     * picocli skips its unknown-argument check when help is asked for, so `gatectl nosuch --help`
     * printed the top-level usage and exited 0: a script (or a typo) took that for success.
     */
    private static void rejectUnmatched(ParseResult parsed) {
        for (ParseResult p = parsed; p != null; p = p.subcommand()) {
            CommandLine command = p.commandSpec().commandLine();
            if (!p.unmatched().isEmpty() && !command.isUnmatchedArgumentsAllowed()) {
                List<String> unmatched = new ArrayList<>(p.unmatched());
                throw new CommandLine.UnmatchedArgumentException(command, unmatched);
            }
        }
    }
}
