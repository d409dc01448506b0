package io.gatehouse.cli.gatectl;

import io.gatehouse.cli.output.Table;
import io.gatehouse.shared.api.AuditPage;
import io.gatehouse.shared.api.client.AuditQuery;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "audit", description = "Query the audit log.", subcommands = AuditCommand.Ls.class)
final class AuditCommand {

    @Command(name = "ls", description = "List audit events (default: the last 7 days, oldest first).")
    static final class Ls implements Callable<Integer> {
        @Mixin
        Connection connection;
        @Option(names = "--from", description = "ISO-8601 start, e.g. 2026-11-24T00:00:00Z")
        String from;
        @Option(names = "--to", description = "ISO-8601 end")
        String to;
        @Option(names = "--type", description = "Event type, e.g. user.login")
        String type;
        @Option(names = "--user", description = "Only events of this user")
        String user;
        @Option(names = "--limit", defaultValue = "200")
        int limit;

        @Override
        public Integer call() {
            AuditPage page = connection.client().auditEvents(new AuditQuery(from, to, type, user, limit, null,
                    null));
            Table t = new Table("Time", "Type", "Code", "User", "Resource", "Outcome");
            page.events().forEach(e -> t.row(e.time(), e.type(), e.code(), e.user(), e.resource(), e.outcome()));
            System.out.print(t.render());
            if (page.nextPageToken() != null) {
                System.out.println("(more events: narrow --from/--to or raise --limit)");
            }
            return 0;
        }
    }
}
