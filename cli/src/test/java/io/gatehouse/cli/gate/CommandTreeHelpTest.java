package io.gatehouse.cli.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import io.gatehouse.cli.gatectl.GatectlTree;
import picocli.CommandLine;

/** `--help` answers on every command of gate and gatectl; an unknown command is an error, help or not. */
class CommandTreeHelpTest {
    @TestFactory
    Stream<DynamicTest> everyGateCommandAnswersHelpWithItsOwnUsage() {
        return helpOnEveryCommand(Main::commandLine);
    }

    @TestFactory
    Stream<DynamicTest> everyGatectlCommandAnswersHelpWithItsOwnUsage() {
        return helpOnEveryCommand(GatectlTree::commandLine);
    }

    @Test
    void anUnknownCommandFailsEvenWithHelp() {
        for (Supplier<CommandLine> tree : List.<Supplier<CommandLine>>of(Main::commandLine, GatectlTree::commandLine)) {
            for (String[] args : List.of(new String[] {"nosuch", "--help"}, new String[] {"nosuch"},
                    new String[] {"--help", "nosuch"})) {
                Run r = run(tree.get(), args);
                assertNotEquals(0, r.exit, String.join(" ", args));
                assertTrue(r.err.contains("nosuch"), r.err);
            }
        }
        Run sub = run(GatectlTree.commandLine(), "users", "nosuch", "--help");
        assertNotEquals(0, sub.exit);
        assertTrue(sub.err.contains("nosuch"), sub.err);
    }

    @Test
    void optionsAfterTheNodeBelongToTheRemoteCommand() {
        CommandLine cli = Main.commandLine();
        cli.parseArgs("ssh", "-l", "root", "node", "df", "-h", "--help", "-l");
        SshCommand ssh = (SshCommand) cli.getSubcommands().get("ssh").getCommand();
        assertEquals("root", ssh.login);
        assertEquals(List.of("df", "-h", "--help", "-l"), ssh.command);
    }

    private static Stream<DynamicTest> helpOnEveryCommand(Supplier<CommandLine> tree) {
        List<List<String>> paths = new ArrayList<>();
        collect(tree.get(), new ArrayList<>(), paths);
        assertTrue(paths.size() > 10, "walked " + paths);
        return paths.stream().map(path -> DynamicTest.dynamicTest(String.join(" ", path) + " --help", () -> {
            List<String> args = new ArrayList<>(path.subList(1, path.size()));
            args.add("--help");
            Run r = run(tree.get(), args.toArray(String[]::new));
            assertEquals(0, r.exit, r.err);
            assertTrue(("\n" + r.out).contains("\nUsage: " + String.join(" ", path) + " "), r.out);
            assertEquals("", r.err);
        }));
    }

    private static void collect(CommandLine command, List<String> prefix, List<List<String>> into) {
        List<String> path = new ArrayList<>(prefix);
        path.add(command.getCommandName());
        into.add(path);
        command.getSubcommands().values().forEach(sub -> collect(sub, path, into));
    }

    private record Run(int exit, String out, String err) {
    }

    private static Run run(CommandLine cli, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }
}
