package io.gatehouse.cli.gate;

import io.gatehouse.cli.apiclient.CliException;
import io.gatehouse.cli.apiclient.ExitCodes;
import io.gatehouse.cli.output.Sanitizer;
import io.gatehouse.cli.output.Table;
import io.gatehouse.shared.api.AccessRequestDto;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Just-in-time access requests: ask for a role with a reason, review others' requests, and
 * (gate login --request-id) assume an approved one. Every text that came from another user
 * (reasons) is printed through the Sanitizer: a reason cannot drive the reviewer's terminal.
 */
@Command(name = "request", description = "Access requests: ask for roles, review, cancel.",
        subcommands = {RequestCommand.New.class, RequestCommand.Ls.class, RequestCommand.Show.class,
            RequestCommand.Review.class, RequestCommand.Cancel.class})
final class RequestCommand {

    @Command(name = "new", description = "Ask for roles: gate request new --roles=prod-access --reason=\"...\"")
    static final class New implements Callable<Integer> {
        @Mixin
        Target target;
        @Option(names = "--roles", required = true, split = ",", description = "Roles to request, comma-separated")
        List<String> roles;
        @Option(names = "--reason", required = true, description = "Why: reviewers decide by it")
        String reason;
        @Option(names = "--duration", description = "How long the access lasts, e.g. 30m (default 1h)")
        String duration;

        @Override
        public Integer call() {
            var c = target.resolve(GateHome.fromEnvironment());
            c.requireValid();
            AccessRequestDto.View r = c.api().request(new AccessRequestDto.Create(roles, reason, duration));
            System.out.println("Request " + r.id() + " for " + Sanitizer.clean(join(r.roles())) + " is " + r.state()
                    + " until " + r.expires() + ".");
            System.out.println("When it is approved: gate login --request-id=" + r.id());
            return 0;
        }
    }

    @Command(name = "ls", description = "Your requests and those you may review")
    static final class Ls implements Callable<Integer> {
        @Mixin
        Target target;
        @Option(names = "--state", description = "pending, approved, denied, cancelled or expired")
        String state;

        @Override
        public Integer call() {
            var c = target.resolve(GateHome.fromEnvironment());
            c.requireValid();
            Table t = new Table("ID", "User", "Roles", "State", "Expires", "Reason", "You may review");
            for (AccessRequestDto.View r : c.api().requests(state).requests()) {
                t.row(r.id(), Sanitizer.clean(r.user()), Sanitizer.clean(join(r.roles())), r.state(), r.expires(),
                        Sanitizer.clean(r.reason()), r.canReview() ? "yes" : "");
            }
            System.out.print(t.isEmpty() ? "No access requests.\n" : t.render());
            return 0;
        }
    }

    @Command(name = "show", description = "One request with its reviews")
    static final class Show implements Callable<Integer> {
        @Mixin
        Target target;
        @Parameters(paramLabel = "ID")
        String id;

        @Override
        public Integer call() {
            var c = target.resolve(GateHome.fromEnvironment());
            c.requireValid();
            print(c.api().request(id));
            return 0;
        }
    }

    @Command(name = "review", description = "Approve or deny: gate request review ID --approve --reason=\"...\"")
    static final class Review implements Callable<Integer> {
        @Mixin
        Target target;
        @Parameters(paramLabel = "ID")
        String id;
        @Option(names = "--approve")
        boolean approve;
        @Option(names = "--deny")
        boolean deny;
        @Option(names = "--reason", description = "Why (shown to the requester and in the audit log)")
        String reason;

        @Override
        public Integer call() {
            if (approve == deny) {
                throw new CliException(ExitCodes.USAGE, "say --approve or --deny (one of them)");
            }
            var c = target.resolve(GateHome.fromEnvironment());
            c.requireValid();
            print(c.api().review(id, new AccessRequestDto.Decision(approve, reason == null ? "" : reason)));
            return 0;
        }
    }

    @Command(name = "cancel", description = "Withdraw your own request")
    static final class Cancel implements Callable<Integer> {
        @Mixin
        Target target;
        @Parameters(paramLabel = "ID")
        String id;

        @Override
        public Integer call() {
            var c = target.resolve(GateHome.fromEnvironment());
            c.requireValid();
            print(c.api().cancel(id));
            return 0;
        }
    }

    static void print(AccessRequestDto.View r) {
        System.out.println("Request:  " + r.id());
        System.out.println("User:     " + Sanitizer.clean(r.user()));
        System.out.println("Roles:    " + Sanitizer.clean(join(r.roles())));
        System.out.println("Reason:   " + Sanitizer.clean(text(r.reason())));
        System.out.println("State:    " + r.state() + (r.resolveReason() == null ? "" : " ("
                + Sanitizer.clean(r.resolveReason()) + ")"));
        System.out.println("Expires:  " + r.expires());
        for (AccessRequestDto.ReviewView v : r.reviews() == null ? List.<AccessRequestDto.ReviewView>of()
                : r.reviews()) {
            System.out.println("Review:   " + Sanitizer.clean(text(v.author())) + " " + (v.approve() ? "approved"
                    : "denied") + ": " + Sanitizer.clean(text(v.reason())));
        }
    }

    private static String join(List<String> roles) {
        return roles == null ? "" : String.join(",", roles);
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }

    private RequestCommand() {
    }
}
