package io.gatehouse.cli.gate;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.cli.output.Sanitizer;
import io.gatehouse.cli.output.Table;
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
            for (JsonNode r : c.api().get("/v1/webapi/recordings")) {
                t.row(Sanitizer.clean(r.path("session_id").asText()), r.path("started").asText(),
                        Sanitizer.clean(r.path("user").asText()), Sanitizer.clean(r.path("login").asText()),
                        Sanitizer.clean(r.path("node").asText()), r.path("size").asText());
            }
            System.out.print(t.isEmpty() ? "No recordings you may see.\n" : t.render());
            System.out.println(t.isEmpty() ? "" : "Play one with: gate play SESSION_ID");
            return 0;
        }
    }
}
