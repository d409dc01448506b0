package io.gatehouse.cli.gate;

import io.gatehouse.cli.output.Sanitizer;
import io.gatehouse.cli.output.Table;
import io.gatehouse.shared.api.RecordingDto;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "recordings", description = "Session recordings you may watch.",
        subcommands = RecordingsCommand.Ls.class)
final class RecordingsCommand {
    @Command(name = "ls", description = "List recorded sessions (yours; all of them for auditors).")
    static final class Ls implements Callable<Integer> {
        @Mixin
        Target target;

        @Override
        public Integer call() {
            var c = target.resolve(GateHome.fromEnvironment());
            c.requireValid();
            Table t = new Table("Session ID", "Started", "User", "Login", "Node", "Bytes");
            for (RecordingDto.Summary r : c.api().recordings()) {
                t.row(Sanitizer.clean(text(r.sessionId())), text(r.started()), Sanitizer.clean(text(r.user())),
                        Sanitizer.clean(text(r.login())), Sanitizer.clean(text(r.node())), text(r.size()));
            }
            System.out.print(t.isEmpty() ? "No recordings you may see.\n" : t.render());
            System.out.println(t.isEmpty() ? "" : "Play one with: gate play SESSION_ID");
            return 0;
        }

        /** An absent field prints as nothing. */
        private static String text(Object value) {
            return value == null ? "" : value.toString();
        }
    }
}
